package dev.fitkit.handlers;

import dev.fitkit.Budget;
import dev.fitkit.StopReason;
import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.annotations.OnEpochBegin;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.annotations.OnTrainBegin;
import dev.fitkit.annotations.OnTrainEnd;
import dev.fitkit.annotations.Priority;
import dev.fitkit.event.BatchEnd;
import dev.fitkit.event.EpochBegin;
import dev.fitkit.event.EpochEnd;
import dev.fitkit.event.FitEvent;
import dev.fitkit.event.TrainBegin;
import dev.fitkit.event.TrainEnd;
import dev.fitkit.loop.MetricNames;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs progress to SLF4J: the setup at train begin, every {@code batchInterval} batches, each
 * epoch (metrics, samples/s, learning rate, time) and the outcome. Runs last, so it reports what
 * every other handler did.
 */
@FitHandler(id = "fitkit.logging", autoLoad = false)
public final class LoggingHandler {
  /** Batches between two progress lines of the default handler. */
  public static final int DEFAULT_BATCH_INTERVAL = 100;

  private static final Logger LOG = LoggerFactory.getLogger(LoggingHandler.class);

  private final int batchInterval;
  private Duration epochStart = Duration.ZERO;
  private long epochSamples;

  /** Logs every {@value #DEFAULT_BATCH_INTERVAL} batches and every epoch. */
  public LoggingHandler() {
    this(DEFAULT_BATCH_INTERVAL);
  }

  /** Logs every {@code batchInterval} batches (0: epochs only) and every epoch. */
  public LoggingHandler(int batchInterval) {
    if (batchInterval < 0) {
      throw new IllegalArgumentException("batchInterval must be 0 (epochs only) or positive, got " + batchInterval);
    }
    this.batchInterval = batchInterval;
  }

  @OnTrainBegin(priority = Priority.LOGGING)
  void trainBegin(TrainBegin event) {
    LOG.info(
        "Training {} on {} with loss {}, metrics {}",
        event.context().budget(),
        event.context().devices(),
        event.trainer().getLoss().getName(),
        event.trainer().getEvaluators().stream()
            .filter(e -> e != event.trainer().getLoss())
            .map(e -> e.getName())
            .toList());
  }

  @OnEpochBegin(priority = Priority.LOGGING)
  void epochBegin(EpochBegin event) {
    epochStart = event.elapsed();
    epochSamples = 0;
  }

  @OnBatchEnd(priority = Priority.LOGGING)
  void batchEnd(BatchEnd event) {
    epochSamples += event.batchSize();
    if (batchInterval > 0 && (event.batchIndex() + 1) % batchInterval == 0) {
      LOG.info(
          "{} batch {}: {} | {} samples/s",
          epochLabel(event),
          event.batchIndex() + 1,
          format(trainingOnly(event.metrics())),
          samplesPerSecond(event));
    }
  }

  @OnEpochEnd(priority = Priority.LOGGING)
  void epochEnd(EpochEnd event) {
    LOG.info(
        "{} done in {}: {} | {} samples/s | lr {}",
        epochLabel(event),
        seconds(event.elapsed().minus(epochStart)),
        format(event.metrics()),
        samplesPerSecond(event),
        String.format(Locale.ROOT, "%.3g", event.learningRate()));
  }

  @OnTrainEnd(priority = Priority.LOGGING)
  void trainEnd(TrainEnd event) {
    LOG.info(
        "Training {} after {} batches in {}",
        event.outcome().name().toLowerCase(Locale.ROOT),
        event.globalStep(),
        seconds(event.elapsed()));
    for (StopReason reason : event.stopReasons()) {
      LOG.info("Stop requested by {}", reason);
    }
    event.failure().ifPresent(failure -> LOG.error("Training failed: {}", failure.toString()));
  }

  private static String epochLabel(FitEvent event) {
    Budget budget = event.context().budget();
    String total = budget != null && !budget.inBatches() ? "/" + budget.maxEpochs() : "";
    return "Epoch " + (event.epoch() + 1) + total;
  }

  private String samplesPerSecond(FitEvent event) {
    double seconds = event.elapsed().minus(epochStart).toNanos() / 1e9;
    return seconds <= 0 ? "-" : String.format(Locale.ROOT, "%.0f", epochSamples / seconds);
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toNanos() / 1e9);
  }

  /** Mid-epoch, validation values are the previous epoch's: leave them out. */
  private static Map<String, Double> trainingOnly(Map<String, Double> metrics) {
    Map<String, Double> training = new LinkedHashMap<>();
    metrics.forEach((name, value) -> {
      if (name.startsWith(MetricNames.TRAIN_PREFIX)) {
        training.put(name, value);
      }
    });
    return training;
  }

  static String format(Map<String, Double> metrics) {
    return metrics.entrySet().stream()
        .map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%.4f", e.getValue()))
        .collect(Collectors.joining(", "));
  }
}

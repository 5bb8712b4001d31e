package dev.fitkit.handlers;

import dev.fitkit.Budget;
import dev.fitkit.ModelSummary;
import dev.fitkit.StopReason;
import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchBegin;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.annotations.OnEpochBegin;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.annotations.OnPredictBatchEnd;
import dev.fitkit.annotations.OnPredictBegin;
import dev.fitkit.annotations.OnPredictEnd;
import dev.fitkit.annotations.OnTrainBegin;
import dev.fitkit.annotations.OnTrainEnd;
import dev.fitkit.annotations.Priority;
import dev.fitkit.event.BatchBegin;
import dev.fitkit.event.BatchEnd;
import dev.fitkit.event.EpochBegin;
import dev.fitkit.event.EpochEnd;
import dev.fitkit.event.FitEvent;
import dev.fitkit.event.PredictBatchEnd;
import dev.fitkit.event.PredictBegin;
import dev.fitkit.event.PredictEnd;
import dev.fitkit.event.TrainBegin;
import dev.fitkit.event.TrainEnd;
import dev.fitkit.metric.MetricNames;
import dev.fitkit.options.HandlerOptions;
import dev.fitkit.options.OptionSource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs progress to SLF4J: the setup at train begin, every {@code batchInterval} batches (training
 * metrics, samples/s), each epoch (metrics, samples/s, learning rate, time) and the outcome with
 * the total time. Runs last, so it reports what every other handler did. An epoch line shows
 * validation metrics only when a validation pass ran during that epoch.
 *
 * <p>{@link #builder()} picks the metrics to log, by name or with a filter; by default all:
 *
 * <pre>{@code
 * LoggingHandler.builder().batchInterval(0).metrics("validation accuracy", "train loss").build()
 * LoggingHandler.builder().metrics(name -> name.endsWith("accuracy")).build()
 * }</pre>
 */
@FitHandler(id = LoggingHandler.ID, autoLoad = false)
public final class LoggingHandler {
  static final String ID = "fitkit.logging";

  /** Batches between two progress lines of the default handler. */
  public static final int DEFAULT_BATCH_INTERVAL = 100;

  private static final Logger LOG = LoggerFactory.getLogger(LoggingHandler.class);

  private final int batchInterval;
  private final List<String> names;
  private final Predicate<String> filter;
  private final boolean summary;
  private final Set<String> warned = new HashSet<>();
  private boolean summaryPending;
  private Duration epochStart = Duration.ZERO;
  private long epochSamples;

  /** Logs every {@value #DEFAULT_BATCH_INTERVAL} batches and every epoch, with every metric. */
  public LoggingHandler() {
    this(DEFAULT_BATCH_INTERVAL);
  }

  /**
   * For Guice and the built-in default: {@code fitkit.logging.batch-interval} (default {@value
   * #DEFAULT_BATCH_INTERVAL}; 0 logs epochs only) and {@code fitkit.logging.summary} (default true:
   * the model summary before the first step).
   */
  @Inject
  LoggingHandler(OptionSource source) {
    this(source.read(ID, "batch-interval", "summary"));
  }

  private LoggingHandler(HandlerOptions options) {
    this(
        checkInterval(options.integer("batch-interval", DEFAULT_BATCH_INTERVAL)),
        null,
        name -> true,
        options.flag("summary", true));
  }

  /**
   * Logs every {@code batchInterval} batches (0: epochs only) and every epoch, with every metric.
   */
  public LoggingHandler(int batchInterval) {
    this(checkInterval(batchInterval), null, name -> true, true);
  }

  private LoggingHandler(
      int batchInterval, List<String> names, Predicate<String> filter, boolean summary) {
    this.batchInterval = batchInterval;
    this.names = names;
    this.filter = filter;
    this.summary = summary;
  }

  /** Options: how often to log batches, which metrics to log. */
  public static Builder builder() {
    return new Builder();
  }

  @OnTrainBegin(priority = Priority.LOGGING)
  void trainBegin(TrainBegin event) {
    warned.clear();
    summaryPending = summary;
    LOG.info(
        "Training {} on {} ({}) with loss {}, metrics {}",
        event.context().budget(),
        event.context().devices(),
        threads(event.context().model().getNDManager().getEngine().getEngineName()),
        event.trainer().getLoss().getName(),
        event.trainer().getEvaluators().stream()
            .filter(e -> e != event.trainer().getLoss())
            .map(e -> e.getName())
            .toList());
  }

  /**
   * PyTorch's threads per operation, as DJL's engine reads them at start-up; on a machine other
   * jobs share, fewer threads than cores train faster.
   */
  private static String threads(String engine) {
    if (!"PyTorch".equals(engine)) {
      return engine;
    }
    String threads = System.getProperty("ai.djl.pytorch.num_threads");
    return threads != null
        ? "PyTorch, threads per operation: " + threads
        : "PyTorch, threads per operation: the engine's default, about one per core"
            + " (-Dai.djl.pytorch.num_threads=N to change)";
  }

  /** The first batch of a fit has initialized the network: its shapes are known now. */
  @OnBatchBegin(priority = Priority.LOGGING)
  void batchBegin(BatchBegin event) {
    if (summaryPending) {
      summaryPending = false;
      try {
        LOG.info("{}", ModelSummary.of(event.context().model().getBlock()));
      } catch (UnsupportedOperationException e) {
        // A graph's block (a TensorFlow SavedModel's) does not show DJL its parameters.
        LOG.info(
            "Model {}: {}, whose parameters its engine does not list",
            event.context().model().getName(),
            event.context().model().getBlock().getClass().getSimpleName());
      }
    }
  }

  @OnEpochBegin(priority = Priority.LOGGING)
  void epochBegin(EpochBegin event) {
    epochStart = event.elapsed();
    epochSamples = 0;
  }

  @OnBatchEnd(priority = Priority.LOGGING)
  void batchEnd(BatchEnd event) {
    epochSamples += event.batchSize();
    if (batchInterval > 0 && event.batchesInEpoch() % batchInterval == 0) {
      LOG.info(
          "{} batch {}{} | {} samples/s",
          epochLabel(event),
          event.batchesInEpoch(),
          // Mid-epoch, validation values are the previous pass's: leave them out.
          listing(select(MetricNames.trainingOnly(event.metrics()))),
          samplesPerSecond(event));
    }
  }

  @OnEpochEnd(priority = Priority.LOGGING)
  void epochEnd(EpochEnd event) {
    warnAboutMissing(event);
    LOG.info(
        "{} done in {}{} | {} samples/s{}",
        epochLabel(event),
        seconds(event.elapsed().minus(epochStart)),
        listing(
            select(
                event.validated()
                    ? event.metrics()
                    : MetricNames.withoutValidation(event.metrics()))),
        samplesPerSecond(event),
        learningRate(event.learningRate()));
  }

  @OnPredictBegin(priority = Priority.LOGGING)
  void predictBegin(PredictBegin event) {
    epochStart = event.elapsed();
    epochSamples = 0;
    LOG.info("Predicting on {}", event.context().devices());
  }

  @OnPredictBatchEnd(priority = Priority.LOGGING)
  void predictBatchEnd(PredictBatchEnd event) {
    epochSamples += event.batchSize();
    long batches = event.batchIndex() + 1;
    if (batchInterval > 0 && batches % batchInterval == 0) {
      LOG.info(
          "Predict batch {}: {} samples | {} samples/s",
          batches,
          epochSamples,
          samplesPerSecond(event));
    }
  }

  @OnPredictEnd(priority = Priority.LOGGING)
  void predictEnd(PredictEnd event) {
    LOG.info(
        "Prediction {} after {} batches, {} samples, in {} | {} samples/s",
        event.failure().isPresent() ? "failed" : "done",
        event.batches(),
        event.samples(),
        seconds(event.elapsed().minus(epochStart)),
        samplesPerSecond(event));
  }

  /** Unknown (NaN) when the optimizer does not say, e.g. one optimizer per sub-network. */
  private static String learningRate(double value) {
    return Double.isNaN(value) ? "" : String.format(Locale.ROOT, " | lr %.3g", value);
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

  /** The metrics to log: the named ones in the order given, else those the filter accepts. */
  private Map<String, Double> select(Map<String, Double> metrics) {
    Map<String, Double> selected = new LinkedHashMap<>();
    if (names != null) {
      for (String name : names) {
        if (metrics.containsKey(name)) {
          selected.put(name, metrics.get(name));
        }
      }
    } else {
      metrics.forEach(
          (name, value) -> {
            if (filter.test(name)) {
              selected.put(name, value);
            }
          });
    }
    return selected;
  }

  /**
   * Once per name and fit: a named metric that is missing at epoch end, unless it is a validation
   * metric and no validation pass has run yet.
   */
  private void warnAboutMissing(EpochEnd event) {
    if (names == null) {
      return;
    }
    Map<String, Double> metrics = event.metrics();
    boolean validated =
        metrics.keySet().stream().anyMatch(n -> n.startsWith(MetricNames.VALIDATION_PREFIX));
    for (String name : names) {
      boolean mayComeLater =
          name.startsWith(MetricNames.VALIDATION_PREFIX)
              && event.context().hasValidationData()
              && !validated;
      if (!metrics.containsKey(name) && !mayComeLater && warned.add(name)) {
        LOG.warn(
            "No metric named '{}' to log at {}; metrics now: {}. It is logged once it appears;"
                + " check its spelling.",
            name,
            epochLabel(event),
            new TreeSet<>(metrics.keySet()));
      }
    }
  }

  /** {@code ": a 0.1000, b 0.2000"}, or nothing when there is no metric to show. */
  private static String listing(Map<String, Double> metrics) {
    return metrics.isEmpty() ? "" : ": " + format(metrics);
  }

  private static int checkInterval(int batchInterval) {
    if (batchInterval < 0) {
      throw new IllegalArgumentException(
          "batchInterval must be 0 (epochs only) or positive, got " + batchInterval);
    }
    return batchInterval;
  }

  static String format(Map<String, Double> metrics) {
    return metrics.entrySet().stream()
        .map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%.4f", e.getValue()))
        .collect(Collectors.joining(", "));
  }

  /**
   * Options of the log; by default every {@value #DEFAULT_BATCH_INTERVAL} batches, every metric.
   */
  public static final class Builder {
    private int batchInterval = DEFAULT_BATCH_INTERVAL;
    private List<String> names;
    private Predicate<String> filter = name -> true;
    private boolean summary = true;

    private Builder() {}

    /** Whether to log the model summary before the first step (default true). */
    public Builder summary(boolean summary) {
      this.summary = summary;
      return this;
    }

    /** Logs every {@code batchInterval} batches; 0 logs epochs only. */
    public Builder batchInterval(int batchInterval) {
      this.batchInterval = checkInterval(batchInterval);
      return this;
    }

    /**
     * Logs only these metrics, in this order, e.g. {@code "train loss", "validation accuracy"}.
     * Batch lines show the training ones. A name still missing at an epoch's end is reported once
     * as a warning. Replaces an earlier {@link #metrics(Predicate)}.
     */
    public Builder metrics(String... names) {
      if (names.length == 0) {
        throw new IllegalArgumentException(
            "metrics needs one or more metric names, e.g. \"train loss\", \"validation accuracy\"");
      }
      if (Arrays.stream(names).anyMatch(n -> n == null || n.isBlank())) {
        throw new IllegalArgumentException(
            "metrics got a null or blank name: "
                + Arrays.stream(names)
                    .map(n -> n == null ? "null" : '"' + n + '"')
                    .collect(Collectors.joining(", ", "[", "]")));
      }
      this.names = List.of(names);
      return this;
    }

    /**
     * Logs the metrics whose name {@code filter} accepts. Replaces earlier {@link
     * #metrics(String...)}.
     */
    public Builder metrics(Predicate<String> filter) {
      if (filter == null) {
        throw new IllegalArgumentException(
            "metrics needs a filter, e.g. name -> name.endsWith(\"accuracy\")");
      }
      this.names = null;
      this.filter = filter;
      return this;
    }

    public LoggingHandler build() {
      return new LoggingHandler(batchInterval, names, filter, summary);
    }
  }
}

package dev.fitkit.contrib;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.annotations.OnTrainEnd;
import dev.fitkit.annotations.Priority;
import dev.fitkit.event.BatchEnd;
import dev.fitkit.event.FitEvent;
import dev.fitkit.metric.MetricNames;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A terminal progress bar per epoch, with the running training metrics. Auto-loaded: every
 * estimator shows it when this jar is on the class path and the JVM has a console; without a
 * console (CI, IDE test runners) it stays quiet and the logging handler reports progress.
 */
@FitHandler(id = "contrib.progress-bar")
public final class ProgressBarHandler {
  private final PrintStream out;
  private ProgressBar bar;

  /** Draws on the console, when there is one. */
  public ProgressBarHandler() {
    this(System.console() == null ? null : System.err);
  }

  /** Draws on {@code out}; null draws nothing. */
  public ProgressBarHandler(PrintStream out) {
    this.out = out;
  }

  @OnBatchEnd(priority = Priority.LOGGING - 1)
  void batchEnd(BatchEnd event) {
    if (out == null) {
      return;
    }
    if (bar == null) {
      bar = open(event);
    }
    bar.stepTo(event.batch().getProgress());
    bar.setExtraMessage(trainMetrics(event.metrics()));
  }

  @OnEpochEnd(priority = Priority.LOGGING - 1)
  void epochEnd() {
    close();
  }

  @OnTrainEnd(priority = Priority.LOGGING - 1)
  void trainEnd() {
    close();
  }

  private ProgressBar open(BatchEnd event) {
    // DJL counts a dataset's progress in samples; a dataset that does not know its size gives 0.
    long total = event.batch().getProgressTotal();
    return new ProgressBarBuilder()
        .setTaskName(label(event))
        .setInitialMax(total > 0 ? total : -1)
        .setStyle(ProgressBarStyle.ASCII)
        .setUnit(" samples", 1)
        .setConsumer(new ConsoleProgressBarConsumer(out))
        .build();
  }

  private void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }

  private static String label(FitEvent event) {
    return "Epoch " + (event.epoch() + 1);
  }

  private static String trainMetrics(Map<String, Double> metrics) {
    return metrics.entrySet().stream()
        .filter(e -> MetricNames.isTraining(e.getKey()))
        .map(
            e ->
                MetricNames.withoutPhase(e.getKey())
                    + " "
                    + String.format(Locale.ROOT, "%.4f", e.getValue()))
        .collect(Collectors.joining(", "));
  }
}

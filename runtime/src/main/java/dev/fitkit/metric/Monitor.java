package dev.fitkit.metric;

import dev.fitkit.event.FitEvent;
import java.util.List;
import java.util.Locale;

/**
 * A metric a handler watches, and which way is better. {@link Mode#AUTO} decides from the name:
 * losses and errors go down, accuracies and scores go up; a name that says neither is an error
 * rather than a guess, and a loss is never read as a score ({@code "loss"} wins over {@code
 * "accuracy"} in a name that holds both).
 */
public final class Monitor {
  /** Which way is better. */
  public enum Mode {
    MIN,
    MAX,
    AUTO
  }

  private static final List<String> DECREASING =
      List.of("loss", "error", "mse", "mae", "perplexity");
  private static final List<String> INCREASING =
      List.of("accuracy", "acc", "f1", "precision", "recall", "auc", "iou", "score", "dice");

  private final String metric;
  private final Mode mode;

  private Monitor(String metric, Mode mode) {
    this.metric = metric;
    this.mode = mode;
  }

  /** Watches {@code metric}, e.g. {@code "validation loss"}. */
  public static Monitor of(String metric, Mode mode) {
    if (metric == null || metric.isBlank()) {
      throw new IllegalArgumentException("A monitor needs a metric name, e.g. \"validation loss\"");
    }
    return new Monitor(metric, mode == Mode.AUTO ? infer(metric) : mode);
  }

  private static Mode infer(String metric) {
    String name = metric.toLowerCase(Locale.ROOT);
    if (DECREASING.stream().anyMatch(name::contains)) {
      return Mode.MIN;
    }
    if (INCREASING.stream().anyMatch(name::contains)) {
      return Mode.MAX;
    }
    throw new IllegalArgumentException(
        "Cannot tell whether '"
            + metric
            + "' should go up or down: pass Mode.MIN (losses,"
            + " errors) or Mode.MAX (accuracies, scores) instead of Mode.AUTO");
  }

  public String metric() {
    return metric;
  }

  /** MIN or MAX, never AUTO. */
  public Mode mode() {
    return mode;
  }

  /** The metric's current value. */
  public double read(FitEvent event) {
    return event.metric(metric);
  }

  /** The value every real value improves on. */
  public double worst() {
    return mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
  }

  /** Whether {@code value} beats {@code best} by more than {@code minDelta}. NaN never improves. */
  public boolean improves(double value, double best, double minDelta) {
    if (Double.isNaN(value)) {
      return false;
    }
    return mode == Mode.MIN ? value < best - minDelta : value > best + minDelta;
  }

  @Override
  public String toString() {
    return metric + " (" + mode.name().toLowerCase(Locale.ROOT) + ")";
  }
}

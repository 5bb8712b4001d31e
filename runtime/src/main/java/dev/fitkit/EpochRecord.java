package dev.fitkit;

import java.time.Duration;
import java.util.Map;

/**
 * What one epoch did, as Gluon's {@code train_stats}: learning rate, training and validation
 * metrics and losses, and time.
 *
 * @param epoch 0-based epoch index
 * @param batches training batches run in the epoch
 * @param learningRate the learning rate at the end of the epoch, NaN when the optimizer does not
 *     report one
 * @param metrics metric name to value, e.g. {@code "train loss"}, {@code "validation accuracy"}
 * @param duration wall-clock time of the epoch, validation included
 */
public record EpochRecord(
    int epoch, long batches, double learningRate, Map<String, Double> metrics, Duration duration) {

  public EpochRecord {
    metrics = Map.copyOf(metrics);
  }

  /** The value of a metric, or NaN when the epoch did not record it. */
  public double metric(String name) {
    return metrics.getOrDefault(name, Double.NaN);
  }
}

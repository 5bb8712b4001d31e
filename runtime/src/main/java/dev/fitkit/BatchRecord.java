package dev.fitkit;

import java.util.Map;

/**
 * What one training batch did; recorded only when asked, with {@code new HistoryHandler(true)}.
 *
 * @param step 0-based index of the batch over the whole fit (the global step)
 * @param epoch 0-based epoch index
 * @param batch 0-based batch index within the epoch
 * @param size samples in the batch
 * @param loss this batch's own mean loss
 * @param learningRate the learning rate after the batch's optimizer step, NaN when the optimizer
 *     does not report one
 * @param metrics the training metrics as published after this batch ({@code "train loss"}, {@code
 *     "train accuracy"}, ...): running values over the epoch so far, as the log shows them
 */
public record BatchRecord(
    long step,
    int epoch,
    long batch,
    int size,
    double loss,
    double learningRate,
    Map<String, Double> metrics) {

  public BatchRecord {
    metrics = Map.copyOf(metrics);
  }

  /** The value of a metric, or NaN when the batch did not record it. */
  public double metric(String name) {
    return metrics.getOrDefault(name, Double.NaN);
  }
}

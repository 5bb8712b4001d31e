package dev.fitkit.metric;

/**
 * A DJL {@code Evaluator} whose running accumulators can be saved and put back. Checkpoints save
 * the training accumulators of such metrics, so an epoch resumed part-way reports the same training
 * metric as an uninterrupted one. DJL's own evaluators keep their accumulators private: use
 * fitkit's {@link Accuracy} and {@link TopKAccuracy}, or implement this in your own.
 */
public interface SaveableEvaluator {
  /** The accumulator {@code key} as numbers (counts, sums); empty when it does not exist. */
  double[] saveAccumulator(String key);

  /**
   * Puts back an accumulator {@link #saveAccumulator} gave; {@code addAccumulator(key)} ran before.
   */
  void restoreAccumulator(String key, double[] state);
}

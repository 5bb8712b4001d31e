package dev.fitkit.metric;

/** DJL's {@code TopKAccuracy}, whose counts a checkpoint can save; see {@link Accuracy}. */
public class TopKAccuracy extends ai.djl.training.evaluator.TopKAccuracy
    implements SaveableEvaluator {
  /** Named "Top_{k}_Accuracy", as DJL's. */
  public TopKAccuracy(int topK) {
    super(topK);
  }

  public TopKAccuracy(String name, int topK) {
    super(name, topK);
  }

  @Override
  public double[] saveAccumulator(String key) {
    return Counts.save(totalInstances, correctInstances, key);
  }

  @Override
  public void restoreAccumulator(String key, double[] state) {
    Counts.restore(totalInstances, correctInstances, key, state);
  }
}

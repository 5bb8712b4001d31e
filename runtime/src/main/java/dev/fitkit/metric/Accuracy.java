package dev.fitkit.metric;

/**
 * DJL's {@code Accuracy}, the same values and name, whose counts a checkpoint can save: a drop-in
 * for {@code ai.djl.training.evaluator.Accuracy} that makes part-way resumed epochs report exactly
 * the accuracy an uninterrupted run does.
 */
public class Accuracy extends ai.djl.training.evaluator.Accuracy implements SaveableEvaluator {
  /** Named "Accuracy", classes along axis 1. */
  public Accuracy() {
    super();
  }

  public Accuracy(String name) {
    super(name);
  }

  /**
   * @param axis the axis of the class scores in the network's output
   */
  public Accuracy(String name, int axis) {
    super(name, axis);
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

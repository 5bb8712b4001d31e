package dev.fitkit.examples.detection;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.evaluator.Evaluator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A metric that is a sum over a whole pass divided by a count over it (hits over objects, errors
 * over anchors), not a mean of per-batch values.
 */
public abstract class PassAverage extends Evaluator {
  private final Map<String, double[]> totals = new ConcurrentHashMap<>();

  /**
   * @param name the metric's name
   */
  protected PassAverage(String name) {
    super(name);
  }

  /**
   * The sum and the count of one batch.
   *
   * @param labels the (N, 2, 5) boxes
   * @param predictions class logits (N, anchors, K) and box offsets (N, anchors, 4)
   * @return {sum, count}
   */
  protected abstract double[] sumAndCount(NDList labels, NDList predictions);

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    double[] batch = sumAndCount(labels, predictions);
    return labels.head().getManager().create((float) (batch[0] / batch[1]));
  }

  @Override
  public void addAccumulator(String key) {
    totals.put(key, new double[2]);
  }

  @Override
  public void updateAccumulator(String key, NDList labels, NDList predictions) {
    double[] batch = sumAndCount(labels, predictions);
    double[] total = totals.computeIfAbsent(key, k -> new double[2]);
    synchronized (total) {
      total[0] += batch[0];
      total[1] += batch[1];
    }
  }

  @Override
  public void resetAccumulator(String key) {
    addAccumulator(key);
  }

  @Override
  public float getAccumulator(String key) {
    double[] total = totals.get(key);
    if (total == null) {
      throw new IllegalArgumentException("No accumulator " + key + " in " + getName());
    }
    synchronized (total) {
      return (float) (total[0] / total[1]);
    }
  }
}

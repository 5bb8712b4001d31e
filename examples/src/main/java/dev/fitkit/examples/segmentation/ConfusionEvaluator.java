package dev.fitkit.examples.segmentation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.evaluator.Evaluator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A per-pixel metric computed from a confusion matrix of class counts, accumulated per key.
 * Predictions are (N, K, H, W) scores, the predicted class being the highest; labels are (N, H, W)
 * class ids. Both metrics of the segmentation example need whole-pass counts, not a mean of
 * per-batch values: a mean of per-batch IoUs would weigh a batch with few pixels of a class as much
 * as one with many.
 */
public abstract class ConfusionEvaluator extends Evaluator {
  private final int classes;
  private final Map<String, long[][]> matrices = new ConcurrentHashMap<>();

  /**
   * @param name the metric's name
   * @param classes how many classes the labels and predictions have
   */
  protected ConfusionEvaluator(String name, int classes) {
    super(name);
    this.classes = classes;
  }

  /**
   * The metric of one confusion matrix.
   *
   * @param matrix counts of pixels by [true class][predicted class]
   * @return the metric; NaN when the matrix holds no pixel
   */
  protected abstract double score(long[][] matrix);

  /**
   * Counts the pixels of one batch by [true class][predicted class].
   *
   * @param labels (N, H, W) class ids
   * @param predictions (N, K, H, W) scores
   * @return the confusion matrix
   */
  public long[][] confusion(NDList labels, NDList predictions) {
    NDArray label = labels.singletonOrThrow();
    NDArray predicted = predictions.singletonOrThrow().argMax(1);
    if (!label.getShape().equals(predicted.getShape())) {
      throw new IllegalArgumentException(
          getName()
              + " needs (N, H, W) labels for (N, K, H, W) predictions, got "
              + label.getShape()
              + " and "
              + predictions.singletonOrThrow().getShape());
    }
    // Counting on the Java side: a batch is a few thousand pixels, and it needs no bincount.
    int[] truth = label.toType(DataType.INT32, false).toIntArray();
    int[] guess = predicted.toType(DataType.INT32, false).toIntArray();
    long[][] matrix = new long[classes][classes];
    for (int i = 0; i < truth.length; i++) {
      matrix[truth[i]][guess[i]]++;
    }
    return matrix;
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    return labels.head().getManager().create((float) score(confusion(labels, predictions)));
  }

  @Override
  public void addAccumulator(String key) {
    matrices.put(key, new long[classes][classes]);
  }

  @Override
  public void updateAccumulator(String key, NDList labels, NDList predictions) {
    long[][] batch = confusion(labels, predictions);
    long[][] total = matrices.computeIfAbsent(key, k -> new long[classes][classes]);
    synchronized (total) {
      for (int t = 0; t < classes; t++) {
        for (int p = 0; p < classes; p++) {
          total[t][p] += batch[t][p];
        }
      }
    }
  }

  @Override
  public void resetAccumulator(String key) {
    addAccumulator(key);
  }

  @Override
  public float getAccumulator(String key) {
    long[][] total = matrices.get(key);
    if (total == null) {
      throw new IllegalArgumentException("No accumulator " + key + " in " + getName());
    }
    synchronized (total) {
      return (float) score(total);
    }
  }
}

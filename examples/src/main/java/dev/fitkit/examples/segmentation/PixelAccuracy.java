package dev.fitkit.examples.segmentation;

/** The share of pixels whose predicted class is their true class. */
public final class PixelAccuracy extends ConfusionEvaluator {

  /**
   * Creates the metric, named "pixel accuracy".
   *
   * @param classes how many classes the labels and predictions have
   */
  public PixelAccuracy(int classes) {
    super("pixel accuracy", classes);
  }

  @Override
  protected double score(long[][] matrix) {
    long correct = 0;
    long total = 0;
    for (int t = 0; t < matrix.length; t++) {
      correct += matrix[t][t];
      for (long count : matrix[t]) {
        total += count;
      }
    }
    return total == 0 ? Double.NaN : (double) correct / total;
  }
}

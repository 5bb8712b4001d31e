package dev.fitkit.examples.segmentation;

/**
 * Mean intersection over union: for each class, pixels predicted and truly of the class over pixels
 * predicted or truly of it, averaged over the classes. A class that is neither in the labels nor in
 * the predictions has no IoU and does not count in the mean (as in torchmetrics' and
 * mmsegmentation's nan-mean), rather than counting as 0 or 1.
 */
public final class MeanIoU extends ConfusionEvaluator {

  /**
   * Creates the metric, named "mean IoU".
   *
   * @param classes how many classes the labels and predictions have, background included
   */
  public MeanIoU(int classes) {
    super("mean IoU", classes);
  }

  @Override
  protected double score(long[][] matrix) {
    double sum = 0;
    int counted = 0;
    for (int c = 0; c < matrix.length; c++) {
      long intersection = matrix[c][c];
      long union = -intersection;
      for (int other = 0; other < matrix.length; other++) {
        union += matrix[c][other] + matrix[other][c];
      }
      if (union > 0) {
        sum += (double) intersection / union;
        counted++;
      }
    }
    return counted == 0 ? Double.NaN : sum / counted;
  }
}

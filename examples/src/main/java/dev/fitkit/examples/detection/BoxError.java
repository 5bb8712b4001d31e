package dev.fitkit.examples.detection;

import ai.djl.ndarray.NDList;
import java.util.Arrays;

/**
 * Mean absolute error, in pixels, of the box corners predicted by the positive anchors (those
 * matched to an object, as for the loss) against their object's corners.
 */
public final class BoxError extends PassAverage {
  private final Anchors anchors;
  private final int imageSize;

  /**
   * Creates the metric, named "box mae".
   *
   * @param anchors the anchors the heads predict for
   * @param imageSize the image side in pixels, to express the error in pixels
   */
  public BoxError(Anchors anchors, int imageSize) {
    super("box mae");
    this.anchors = anchors;
    this.imageSize = imageSize;
  }

  @Override
  protected double[] sumAndCount(NDList labels, NDList predictions) {
    float[] boxes = labels.head().toFloatArray();
    float[] offsets = predictions.get(1).toFloatArray();
    int n = (int) labels.head().getShape().get(0);
    int slots = (int) labels.head().getShape().get(1);
    int m = anchors.count();
    double error = 0;
    double corners = 0;
    for (int i = 0; i < n; i++) {
      Anchors.Targets targets = anchors.match(boxes, i * slots * 5, slots);
      for (int a = 0; a < m; a++) {
        int g = targets.matched()[a];
        if (g < 0) {
          continue;
        }
        int at = (i * slots + g) * 5;
        float[] truth = Arrays.copyOfRange(boxes, at + 1, at + 5);
        float[] predicted = Anchors.decode(anchors.box(a), offsets, (i * m + a) * 4);
        for (int c = 0; c < 4; c++) {
          error += Math.abs(predicted[c] - truth[c]) * imageSize;
        }
        corners += 4;
      }
    }
    return new double[] {error, corners};
  }
}

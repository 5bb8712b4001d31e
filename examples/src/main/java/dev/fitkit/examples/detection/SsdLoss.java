package dev.fitkit.examples.detection;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import dev.fitkit.ndarray.Constants;

/**
 * The detector's two losses on anchors matched to the ground truth: softmax cross entropy of every
 * anchor's class (background included), averaged over anchors, and smooth L1 of the box offsets of
 * the matched (positive) anchors, summed and divided by their number. As a DJL loss (labels: the
 * (N, 2, 5) boxes; predictions: logits and offsets) it is their sum.
 */
public final class SsdLoss extends Loss {
  private final Anchors anchors;
  private final int classes;

  /**
   * @param anchors the anchors the heads predict for
   * @param classes object classes, background not counted
   */
  public SsdLoss(Anchors anchors, int classes) {
    super("ssd loss");
    this.anchors = anchors;
    this.classes = classes;
  }

  /**
   * The matched targets of a batch, as arrays.
   *
   * @param classes (N, anchors) one-hot class targets, (N, anchors, classes + 1)
   * @param offsets (N, anchors, 4) offset targets
   * @param positive (N, anchors, 1): 1 where the anchor is matched to a box
   * @param positives how many anchors are matched, in the whole batch
   */
  public record Matched(NDArray classes, NDArray offsets, NDArray positive, int positives) {}

  /** Matches the anchors to the (N, boxes, 5) labels; the arrays belong to {@code manager}. */
  public Matched match(NDArray labels, NDManager manager) {
    int n = (int) labels.getShape().get(0);
    int boxes = (int) labels.getShape().get(1);
    int m = anchors.count();
    int k = classes + 1;
    float[] values = labels.toFloatArray();
    float[] oneHot = new float[n * m * k];
    float[] offsets = new float[n * m * 4];
    float[] positive = new float[n * m];
    int positives = 0;
    for (int i = 0; i < n; i++) {
      Anchors.Targets t = anchors.match(values, i * boxes * 5, boxes);
      System.arraycopy(t.offsets(), 0, offsets, i * m * 4, m * 4);
      for (int a = 0; a < m; a++) {
        oneHot[(i * m + a) * k + t.classes()[a]] = 1;
        if (t.matched()[a] >= 0) {
          positive[i * m + a] = 1;
          positives++;
        }
      }
    }
    return new Matched(
        manager.create(oneHot, new Shape(n, m, k)),
        manager.create(offsets, new Shape(n, m, 4)),
        manager.create(positive, new Shape(n, m, 1)),
        positives);
  }

  /** Softmax cross entropy over every anchor's classes, averaged over anchors. */
  public NDArray classLoss(NDArray logits, Matched matched) {
    return logits.logSoftmax(-1).mul(matched.classes()).sum(new int[] {-1}).neg().mean();
  }

  /** Smooth L1 of the positive anchors' offsets, per positive anchor. */
  public NDArray boxLoss(NDArray offsets, Matched matched) {
    NDArray d = offsets.sub(matched.offsets()).abs();
    NDArray small = Constants.minimum(d, 1);
    // 0.5 d² below 1, d - 0.5 above
    NDArray smoothL1 = small.mul(d.sub(Constants.mul(small, 0.5)));
    return Constants.div(smoothL1.mul(matched.positive()).sum(), Math.max(1, matched.positives()));
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    Matched matched = match(labels.head(), predictions.head().getManager());
    return classLoss(predictions.get(0), matched).add(boxLoss(predictions.get(1), matched));
  }
}

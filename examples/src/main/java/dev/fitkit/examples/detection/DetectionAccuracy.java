package dev.fitkit.examples.detection;

import ai.djl.ndarray.NDList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The share of ground-truth objects found: per image with k objects, the k most confident
 * detections left after non-maximum suppression (IoU 0.45, whatever the class) each find a distinct
 * object of their class with IoU above 0.5. A detection is an anchor's decoded box, its class the
 * most likely non-background one and its confidence that class's probability.
 */
public final class DetectionAccuracy extends PassAverage {
  private static final float NMS_IOU = 0.45f;
  private static final float HIT_IOU = 0.5f;

  private final Anchors anchors;

  /**
   * Creates the metric, named "detection accuracy".
   *
   * @param anchors the anchors the heads predict for
   */
  public DetectionAccuracy(Anchors anchors) {
    super("detection accuracy");
    this.anchors = anchors;
  }

  @Override
  protected double[] sumAndCount(NDList labels, NDList predictions) {
    float[] boxes = labels.head().toFloatArray();
    float[] probabilities = predictions.get(0).softmax(-1).toFloatArray();
    float[] offsets = predictions.get(1).toFloatArray();
    int n = (int) labels.head().getShape().get(0);
    int slots = (int) labels.head().getShape().get(1);
    int m = anchors.count();
    int k = probabilities.length / (n * m);
    double hits = 0;
    double objects = 0;
    for (int i = 0; i < n; i++) {
      List<Integer> truth = new ArrayList<>();
      for (int g = 0; g < slots; g++) {
        if (boxes[(i * slots + g) * 5] >= 1) {
          truth.add(g);
        }
      }
      objects += truth.size();
      List<float[]> kept = detect(probabilities, offsets, i, m, k, truth.size());
      boolean[] found = new boolean[slots];
      for (float[] detection : kept) {
        for (int g : truth) {
          int at = (i * slots + g) * 5;
          float[] box = Arrays.copyOfRange(boxes, at + 1, at + 5);
          if (!found[g]
              && Math.round(boxes[at]) == (int) detection[0]
              && Anchors.iou(box, Arrays.copyOfRange(detection, 2, 6)) > HIT_IOU) {
            found[g] = true;
            hits++;
            break;
          }
        }
      }
    }
    return new double[] {hits, objects};
  }

  /** The {@code limit} most confident detections after NMS, each {class, score, x0, y0, x1, y1}. */
  List<float[]> detect(float[] probabilities, float[] offsets, int image, int m, int k, int limit) {
    List<float[]> candidates = new ArrayList<>();
    for (int a = 0; a < m; a++) {
      int at = (image * m + a) * k;
      int best = 1;
      for (int c = 2; c < k; c++) {
        if (probabilities[at + c] > probabilities[at + best]) {
          best = c;
        }
      }
      float[] detection = new float[6];
      detection[0] = best;
      detection[1] = probabilities[at + best];
      System.arraycopy(
          Anchors.decode(anchors.box(a), offsets, (image * m + a) * 4), 0, detection, 2, 4);
      candidates.add(detection);
    }
    candidates.sort((x, y) -> Float.compare(y[1], x[1]));
    List<float[]> kept = new ArrayList<>();
    for (float[] candidate : candidates) {
      if (kept.size() == limit) {
        break;
      }
      boolean suppressed = false;
      for (float[] k2 : kept) {
        if (Anchors.iou(Arrays.copyOfRange(k2, 2, 6), Arrays.copyOfRange(candidate, 2, 6))
            > NMS_IOU) {
          suppressed = true;
          break;
        }
      }
      if (!suppressed) {
        kept.add(candidate);
      }
    }
    return kept;
  }
}

package dev.fitkit.examples.detection;

/**
 * The detector's anchors: square boxes of fixed sizes centred on every cell of one square feature
 * map, in the order the heads emit them (cell row, cell column, then size). Boxes are corners (x0,
 * y0, x1, y1) as fractions of the image side.
 *
 * <p>Also what goes with them: IoU, matching anchors to ground-truth boxes, and the offsets the box
 * head learns (SSD's encoding: centre shift over the anchor's side divided by 0.1, log of the side
 * ratio divided by 0.2).
 */
public final class Anchors {
  /** IoU from which an anchor is matched to a ground-truth box. */
  public static final float MATCH_IOU = 0.5f;

  private static final float CENTRE_VARIANCE = 0.1f;
  private static final float SIZE_VARIANCE = 0.2f;

  private final int cells;
  private final float[] sizes;
  private final float[][] boxes;

  private Anchors(int cells, float[] sizes) {
    this.cells = cells;
    this.sizes = sizes.clone();
    this.boxes = new float[cells * cells * sizes.length][];
    int i = 0;
    for (int y = 0; y < cells; y++) {
      for (int x = 0; x < cells; x++) {
        float cx = (x + 0.5f) / cells;
        float cy = (y + 0.5f) / cells;
        for (float size : sizes) {
          boxes[i++] = new float[] {cx - size / 2, cy - size / 2, cx + size / 2, cy + size / 2};
        }
      }
    }
  }

  /**
   * Anchors on a {@code cells} x {@code cells} feature map.
   *
   * @param cells the feature map's height and width
   * @param sizes the anchors' sides, as fractions of the image side, one anchor per size and cell
   * @return the anchors
   */
  public static Anchors grid(int cells, float... sizes) {
    return new Anchors(cells, sizes);
  }

  /** How many anchors: cells x cells x sizes. */
  public int count() {
    return boxes.length;
  }

  /** Anchors per cell. */
  public int perCell() {
    return sizes.length;
  }

  /** The feature map's side. */
  public int cells() {
    return cells;
  }

  /** Anchor {@code i}'s corners (a copy). */
  public float[] box(int i) {
    return boxes[i].clone();
  }

  /** Intersection over union of two boxes given as corners. */
  public static float iou(float[] a, float[] b) {
    float w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
    float h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
    if (w <= 0 || h <= 0) {
      return 0;
    }
    float intersection = w * h;
    float union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - intersection;
    return intersection / union;
  }

  /** The offsets that move {@code anchor} onto {@code box}. */
  public static float[] encode(float[] anchor, float[] box) {
    float aw = anchor[2] - anchor[0];
    float ah = anchor[3] - anchor[1];
    float bw = box[2] - box[0];
    float bh = box[3] - box[1];
    return new float[] {
      ((box[0] + box[2]) / 2 - (anchor[0] + anchor[2]) / 2) / aw / CENTRE_VARIANCE,
      ((box[1] + box[3]) / 2 - (anchor[1] + anchor[3]) / 2) / ah / CENTRE_VARIANCE,
      (float) Math.log(bw / aw) / SIZE_VARIANCE,
      (float) Math.log(bh / ah) / SIZE_VARIANCE
    };
  }

  /** The box that {@code offsets} (from {@code from}) make of {@code anchor}. */
  public static float[] decode(float[] anchor, float[] offsets, int from) {
    float aw = anchor[2] - anchor[0];
    float ah = anchor[3] - anchor[1];
    float cx = (anchor[0] + anchor[2]) / 2 + offsets[from] * CENTRE_VARIANCE * aw;
    float cy = (anchor[1] + anchor[3]) / 2 + offsets[from + 1] * CENTRE_VARIANCE * ah;
    float w = aw * (float) Math.exp(offsets[from + 2] * SIZE_VARIANCE);
    float h = ah * (float) Math.exp(offsets[from + 3] * SIZE_VARIANCE);
    return new float[] {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2};
  }

  /**
   * What each anchor should predict for one image.
   *
   * @param classes per anchor: 0 background, else the matched box's class
   * @param offsets per anchor, 4 values: the offsets onto the matched box (0 for background)
   * @param matched per anchor: the index of the matched ground-truth box, -1 for background
   */
  public record Targets(int[] classes, float[] offsets, int[] matched) {
    /** How many anchors are matched to a box. */
    public int positives() {
      int n = 0;
      for (int m : matched) {
        if (m >= 0) {
          n++;
        }
      }
      return n;
    }
  }

  /**
   * Matches the anchors to an image's ground-truth boxes, as SSD: an anchor takes the box it
   * overlaps most when their IoU is at least {@link #MATCH_IOU}; then every box also takes the
   * anchor it overlaps most, whatever the IoU, so no box is left without an anchor.
   *
   * @param labels per box, 5 values: class (≥ 1; a negative class marks an absent box) and corners
   * @param from where this image's boxes start in {@code labels}
   * @param boxCount how many box slots the image has
   * @return the targets
   */
  public Targets match(float[] labels, int from, int boxCount) {
    int n = boxes.length;
    int[] matched = new int[n];
    java.util.Arrays.fill(matched, -1);
    float[] best = new float[n];
    for (int g = 0; g < boxCount; g++) {
      int at = from + g * 5;
      if (labels[at] < 1) {
        continue;
      }
      float[] truth = java.util.Arrays.copyOfRange(labels, at + 1, at + 5);
      for (int a = 0; a < n; a++) {
        float iou = iou(boxes[a], truth);
        if (iou >= MATCH_IOU && iou > best[a]) {
          best[a] = iou;
          matched[a] = g;
        }
      }
    }
    for (int g = 0; g < boxCount; g++) {
      int at = from + g * 5;
      if (labels[at] < 1) {
        continue;
      }
      float[] truth = java.util.Arrays.copyOfRange(labels, at + 1, at + 5);
      int bestAnchor = 0;
      float bestIou = -1;
      for (int a = 0; a < n; a++) {
        float iou = iou(boxes[a], truth);
        if (iou > bestIou) {
          bestIou = iou;
          bestAnchor = a;
        }
      }
      matched[bestAnchor] = g;
    }
    int[] classes = new int[n];
    float[] offsets = new float[n * 4];
    for (int a = 0; a < n; a++) {
      if (matched[a] >= 0) {
        int at = from + matched[a] * 5;
        classes[a] = Math.round(labels[at]);
        float[] o = encode(boxes[a], java.util.Arrays.copyOfRange(labels, at + 1, at + 5));
        System.arraycopy(o, 0, offsets, a * 4, 4);
      }
    }
    return new Targets(classes, offsets, matched);
  }
}

package dev.fitkit.examples.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** Anchors, IoU, matching and offsets on hand-made boxes. */
class AnchorsTest {
  private static final float EPS = 1e-5f;

  @Test
  void anchorsTileTheGridCellByCellThenBySize() {
    Anchors anchors = Anchors.grid(2, 0.5f, 0.25f);
    assertEquals(8, anchors.count());
    assertEquals(2, anchors.perCell());
    // cell (row 0, column 0), centre (0.25, 0.25): the 0.5 anchor, then the 0.25 one
    assertArrayEquals(new float[] {0, 0, 0.5f, 0.5f}, anchors.box(0), EPS);
    assertArrayEquals(new float[] {0.125f, 0.125f, 0.375f, 0.375f}, anchors.box(1), EPS);
    // cell (row 0, column 1), centre (0.75, 0.25)
    assertArrayEquals(new float[] {0.5f, 0, 1, 0.5f}, anchors.box(2), EPS);
    // cell (row 1, column 0), centre (0.25, 0.75)
    assertArrayEquals(new float[] {0, 0.5f, 0.5f, 1}, anchors.box(4), EPS);
  }

  @Test
  void iouOfHandMadeBoxes() {
    float[] a = {0, 0, 2, 2};
    assertEquals(1f, Anchors.iou(a, a), EPS);
    assertEquals(0f, Anchors.iou(a, new float[] {2, 0, 4, 2}), EPS, "touching edges");
    assertEquals(0f, Anchors.iou(a, new float[] {5, 5, 6, 6}), EPS);
    // half of each overlaps: 2 / (4 + 4 - 2)
    assertEquals(1f / 3, Anchors.iou(a, new float[] {1, 0, 3, 2}), EPS);
    // one inside the other: 1 / 4
    assertEquals(0.25f, Anchors.iou(a, new float[] {0, 0, 1, 1}), EPS);
  }

  @Test
  void offsetsRoundTrip() {
    float[] anchor = {0.1f, 0.2f, 0.4f, 0.5f};
    float[] box = {0.15f, 0.1f, 0.6f, 0.45f};
    assertArrayEquals(box, Anchors.decode(anchor, Anchors.encode(anchor, box), 0), EPS);
    assertArrayEquals(new float[4], Anchors.encode(anchor, anchor), EPS);
  }

  @Test
  void matchingTakesOverlapsFromOneHalfAndEveryBoxsBestAnchor() {
    Anchors anchors = Anchors.grid(2, 0.5f);
    float[] labels = {
      // a disc exactly on the top-left anchor
      2, 0, 0, 0.5f, 0.5f,
      // a small square in the bottom-right cell: IoU 0.25 with its anchor, still matched to it
      1, 0.6f, 0.6f, 0.85f, 0.85f,
      // an absent box
      -1, 0, 0, 0, 0
    };
    Anchors.Targets targets = anchors.match(labels, 0, 3);
    assertArrayEquals(new int[] {2, 0, 0, 1}, targets.classes());
    assertArrayEquals(new int[] {0, -1, -1, 1}, targets.matched());
    assertEquals(2, targets.positives());
    assertArrayEquals(new float[4], java.util.Arrays.copyOfRange(targets.offsets(), 0, 4), EPS);
    assertArrayEquals(
        new float[] {0.6f, 0.6f, 0.85f, 0.85f},
        Anchors.decode(anchors.box(3), targets.offsets(), 12),
        EPS);
  }

  @Test
  void lossesAreSmallForPerfectPredictionsAndGrowWithErrors() {
    Anchors anchors = Anchors.grid(2, 0.5f);
    SsdLoss loss = new SsdLoss(anchors, 2);
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray labels =
          manager.create(new float[] {2, 0, 0, 0.5f, 0.5f, -1, 0, 0, 0, 0}, new Shape(1, 2, 5));
      SsdLoss.Matched matched = loss.match(labels, manager);
      assertEquals(1, matched.positives());
      NDArray good = matched.classes().mul(20f);
      NDArray offsets = matched.offsets();
      assertTrue(loss.classLoss(good, matched).getFloat() < 1e-3);
      assertEquals(0f, loss.boxLoss(offsets, matched).getFloat(), EPS);
      // smooth L1: 0.5 d² below 1 (d = 0.5 on 4 values: 0.5), d - 0.5 above (d = 3: 4 * 2.5 = 10)
      assertEquals(0.5f, loss.boxLoss(offsets.add(0.5f), matched).getFloat(), EPS);
      assertEquals(10f, loss.boxLoss(offsets.add(3f), matched).getFloat(), EPS);
      assertTrue(loss.classLoss(good.neg(), matched).getFloat() > 1);
      assertEquals(
          loss.classLoss(good, matched).getFloat(),
          loss.evaluate(new NDList(labels), new NDList(good, offsets)).getFloat(),
          EPS);
    }
  }

  @Test
  void detectionAccuracyCountsObjectsFoundWithTheirClass() {
    Anchors anchors = Anchors.grid(2, 0.5f);
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray labels =
          manager.create(
              new float[] {2, 0, 0, 0.5f, 0.5f, 1, 0.5f, 0.5f, 1, 1}, new Shape(1, 2, 5));
      // anchor 0 says disc, anchor 3 square, the others background; offsets zero
      float[] logits = new float[4 * 3];
      logits[0 * 3 + 2] = 5;
      logits[1 * 3] = 5;
      logits[2 * 3] = 5;
      logits[3 * 3 + 1] = 5;
      NDList predictions =
          new NDList(manager.create(logits, new Shape(1, 4, 3)), manager.zeros(new Shape(1, 4, 4)));
      DetectionAccuracy accuracy = new DetectionAccuracy(anchors);
      assertEquals(1f, accuracy.evaluate(new NDList(labels), predictions).getFloat(), EPS);
      // swap the classes: nothing found
      logits[0 * 3 + 2] = 0;
      logits[0 * 3 + 1] = 5;
      logits[3 * 3 + 1] = 0;
      logits[3 * 3 + 2] = 5;
      NDList swapped =
          new NDList(manager.create(logits, new Shape(1, 4, 3)), manager.zeros(new Shape(1, 4, 4)));
      assertEquals(0f, accuracy.evaluate(new NDList(labels), swapped).getFloat(), EPS);
      assertEquals(
          0f, new BoxError(anchors, 32).evaluate(new NDList(labels), predictions).getFloat(), EPS);
    }
  }
}

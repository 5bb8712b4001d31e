package dev.fitkit.examples.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pixel accuracy, mean IoU and the per-pixel loss on arrays small enough to check by hand. */
class SegmentationMetricsTest {
  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  /** One-hot scores (1, 3, 1, W) that predict {@code classes}, one pixel per entry. */
  private NDList predicting(int... classes) {
    float[] scores = new float[3 * classes.length];
    for (int i = 0; i < classes.length; i++) {
      scores[classes[i] * classes.length + i] = 1;
    }
    return new NDList(manager.create(scores, new Shape(1, 3, 1, classes.length)));
  }

  private NDList labels(float... classes) {
    return new NDList(manager.create(classes, new Shape(1, 1, classes.length)));
  }

  // truth 0 0 1 1 2 2, predicted 0 1 1 1 2 0:
  // class 0: intersection 1, union {0,1,5} 3 -> 1/3; class 1: 2 / {1,2,3} 3 -> 2/3;
  // class 2: 1 / {4,5} 2 -> 1/2. Mean (1/3 + 2/3 + 1/2) / 3 = 1/2. Pixel accuracy 4/6.
  private static final float[] TRUTH = {0, 0, 1, 1, 2, 2};
  private static final int[] GUESS = {0, 1, 1, 1, 2, 0};

  @Test
  void pixelAccuracyCountsCorrectPixels() {
    PixelAccuracy accuracy = new PixelAccuracy(3);
    assertEquals(4 / 6f, accuracy.evaluate(labels(TRUTH), predicting(GUESS)).getFloat(), 1e-6);
  }

  @Test
  void meanIoUAveragesTheClassesIoU() {
    MeanIoU iou = new MeanIoU(3);
    assertEquals(0.5f, iou.evaluate(labels(TRUTH), predicting(GUESS)).getFloat(), 1e-6);
  }

  @Test
  void meanIoUSkipsAClassThatIsNowhere() {
    // Classes 0 and 1 are right (IoU 1 each); class 2 is neither true nor predicted: 1, not 2/3.
    MeanIoU iou = new MeanIoU(3);
    assertEquals(1f, iou.evaluate(labels(0, 1, 1), predicting(0, 1, 1)).getFloat(), 1e-6);
  }

  @Test
  void accumulatorsSumCountsOverBatchesNotTheirMeans() {
    MeanIoU iou = new MeanIoU(3);
    PixelAccuracy accuracy = new PixelAccuracy(3);
    for (var metric : new ConfusionEvaluator[] {iou, accuracy}) {
      metric.addAccumulator("k");
      metric.updateAccumulator("k", labels(0, 0, 1, 1), predicting(0, 1, 1, 1));
      metric.updateAccumulator("k", labels(2, 2), predicting(2, 0));
    }
    // The two batches together are TRUTH and GUESS; the batch means would be 0.583 and 0.25.
    assertEquals(0.5f, iou.getAccumulator("k"), 1e-6);
    assertEquals(4 / 6f, accuracy.getAccumulator("k"), 1e-6);

    iou.resetAccumulator("k");
    iou.updateAccumulator("k", labels(1), predicting(1));
    assertEquals(1f, iou.getAccumulator("k"), 1e-6);
    assertThrows(IllegalArgumentException.class, () -> iou.getAccumulator("other"));
  }

  @Test
  void labelsMustHaveThePredictionsPixels() {
    NDList wrong = new NDList(manager.create(new float[] {0, 1}, new Shape(1, 2)));
    assertThrows(
        IllegalArgumentException.class, () -> new MeanIoU(3).evaluate(wrong, predicting(0, 1)));
  }

  @Test
  void pixelSoftmaxCrossEntropyIsTheMeanPerPixelLoss() {
    // Two pixels, two classes. Pixel 0 logits (0, ln 3): p(class 1) = 3/4; pixel 1 logits (0, 0).
    NDArray logits =
        manager.create(new float[] {0, 0, (float) Math.log(3), 0}, new Shape(1, 2, 1, 2));
    NDArray truth = manager.create(new float[] {1, 0}, new Shape(1, 1, 2));
    float expected = (float) ((-Math.log(0.75) - Math.log(0.5)) / 2);

    float loss =
        new PixelSoftmaxCrossEntropy(2).evaluate(new NDList(truth), new NDList(logits)).getFloat();

    assertEquals(expected, loss, 1e-6);
  }

  /**
   * Why the example has its own loss: DJL's, given the class axis, cannot pick (N, H, W) labels.
   */
  @Test
  void djlSoftmaxCrossEntropyOnTheClassAxisRefusesPixelLabels() {
    NDArray logits = manager.zeros(new Shape(1, 2, 1, 2));
    NDArray truth = manager.create(new float[] {1, 0}, new Shape(1, 1, 2));

    assertThrows(
        IllegalArgumentException.class,
        () ->
            new SoftmaxCrossEntropyLoss("loss", 1, 1, true, true)
                .evaluate(new NDList(truth), new NDList(logits)));
  }
}

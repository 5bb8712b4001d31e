package dev.fitkit.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link FashionMnist} on the files of the Debian package {@code dataset-fashion-mnist}, which this
 * test expects in its default folder.
 */
class FashionMnistRealDataTest {

  private static final int BATCH = 256;

  private static FashionMnist train;
  private static FashionMnist test;
  private static NDManager manager;

  @BeforeAll
  static void load() throws IOException, TranslateException {
    train = FashionMnist.builder().optUsage(Usage.TRAIN).setSampling(BATCH, false).build();
    test = FashionMnist.builder().optUsage(Usage.TEST).setSampling(BATCH, false).build();
    train.prepare();
    test.prepare();
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  @Test
  void sizes() {
    assertEquals(60_000, train.size());
    assertEquals(10_000, test.size());
  }

  @Test
  void firstLabels() {
    assertArrayEquals(new float[] {9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, labels(train, 10));
    assertArrayEquals(new float[] {9, 2, 1, 1, 6, 1, 4, 6, 5, 7}, labels(test, 10));
  }

  @Test
  void everyClassHasATenth() {
    int[] counts = new int[FashionMnist.NUM_CLASSES];
    for (float label : labels(train, 60_000)) {
      counts[(int) label]++;
    }
    int[] expected = new int[FashionMnist.NUM_CLASSES];
    Arrays.fill(expected, 6_000);
    assertArrayEquals(expected, counts);
  }

  @Test
  void pixelsAreScaledToUnitRange() {
    try (NDManager sub = manager.newSubManager()) {
      NDArray images = train.getByRange(sub, 0, 1000).getData().head();
      assertEquals(0f, images.min().getFloat());
      assertEquals(1f, images.max().getFloat());
      // Raw bytes of image 0 sum to 76247.
      assertEquals(76_247 / 255.0, images.get(0).sum().getFloat(), 1e-2);
    }
  }

  @Test
  void batchShapes() throws IOException, TranslateException {
    int batches = 0;
    Shape lastData = null;
    Shape lastLabels = null;
    for (Batch batch : train.getData(manager)) {
      Shape data = batch.getData().singletonOrThrow().getShape();
      Shape labels = batch.getLabels().singletonOrThrow().getShape();
      if (batches == 0) {
        assertEquals(new Shape(BATCH, 1, 28, 28), data);
        assertEquals(new Shape(BATCH), labels);
      }
      lastData = data;
      lastLabels = labels;
      batches++;
      batch.close();
    }
    assertEquals(235, batches); // ceil(60000 / 256)
    assertEquals(new Shape(60_000 % BATCH, 1, 28, 28), lastData);
    assertEquals(new Shape(60_000 % BATCH), lastLabels);
  }

  private static float[] labels(FashionMnist dataset, int count) {
    try (NDManager sub = manager.newSubManager()) {
      return dataset.getByRange(sub, 0, count).getLabels().head().toFloatArray();
    }
  }
}

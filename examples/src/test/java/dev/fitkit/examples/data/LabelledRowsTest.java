package dev.fitkit.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link LabelledRows}: split, standardization with training statistics, and as a DJL dataset. */
class LabelledRowsTest {

  /** Row i has features (i, 10 i) and label i % 2. */
  private static LabelledRows rows(int count) {
    float[][] features = new float[count][];
    float[] labels = new float[count];
    for (int i = 0; i < count; i++) {
      features[i] = new float[] {i, 10 * i};
      labels[i] = i % 2;
    }
    return new LabelledRows(features, labels);
  }

  @Test
  void theSplitIsFixedBySeedAndKeepsEveryRowOnce() {
    LabelledRows.Split split = rows(100).split(0.2, 42);

    assertEquals(80, split.train().size());
    assertEquals(20, split.test().size());
    Set<Float> seen = new HashSet<>();
    for (LabelledRows part : new LabelledRows[] {split.train(), split.test()}) {
      for (int i = 0; i < part.size(); i++) {
        float id = part.features()[i][0];
        assertEquals(id % 2, part.labels()[i], "labels stay with their rows");
        seen.add(id);
      }
    }
    assertEquals(100, seen.size());
    assertArrayEquals(split.test().labels(), rows(100).split(0.2, 42).test().labels());
    assertArrayEquals(split.test().features()[0], rows(100).split(0.2, 42).test().features()[0]);
  }

  @Test
  void standardizingUsesTheTrainingStatisticsOnly() {
    LabelledRows.Split split = rows(100).split(0.2, 42).standardized();

    for (int column = 0; column < 2; column++) {
      double sum = 0;
      double squares = 0;
      for (float[] row : split.train().features()) {
        sum += row[column];
        squares += row[column] * row[column];
      }
      assertEquals(0, sum / 80, 1e-5, "training mean");
      assertEquals(1, squares / 80, 1e-4, "training variance");
    }
    // Both columns are the same up to scale, so they standardize to the same values, test rows too.
    for (float[] row : split.test().features()) {
      assertEquals(row[0], row[1], 1e-5);
    }
  }

  @Test
  void aConstantFeatureStandardizesToZero() {
    float[][] standardized =
        Standardizer.fit(new float[][] {{3, 1}, {3, 2}}).apply(new float[][] {{3, 5}});
    assertEquals(0f, standardized[0][0]);
  }

  @Test
  void rejectsSplitsThatLeaveAPartEmptyAndRaggedRows() {
    assertThrows(IllegalArgumentException.class, () -> rows(3).split(0.01, 1));
    assertThrows(IllegalArgumentException.class, () -> rows(3).split(0.99, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new LabelledRows(new float[][] {{1, 2}, {3}}, new float[2]));
    assertThrows(
        IllegalArgumentException.class, () -> new LabelledRows(new float[][] {{1}}, new float[2]));
  }

  @Test
  void asADatasetBatchesAreFeaturesAndOneLabelColumn() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      TabularDataset data = rows(10).dataset(4, false, 6);
      assertEquals(6, data.size(), "the limit");
      int batches = 0;
      for (Batch batch : data.getData(manager)) {
        try (batch) {
          long size = batches == 0 ? 4 : 2;
          assertEquals(new Shape(size, 2), batch.getData().head().getShape());
          assertEquals(new Shape(size, 1), batch.getLabels().head().getShape());
          if (batches == 0) {
            assertArrayEquals(new float[] {0, 1, 0, 1}, batch.getLabels().head().toFloatArray());
          }
          batches++;
        }
      }
      assertEquals(2, batches);
    }
  }
}

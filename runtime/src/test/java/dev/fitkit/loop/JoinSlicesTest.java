package dev.fitkit.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Predicting on several devices joins the slices' outputs; one CPU is all a test machine has (DJL
 * refuses the same device twice), so the join is tested on its own.
 */
class JoinSlicesTest {
  @Test
  void eachOutputIsJoinedInSliceOrderAlongTheBatchAxis() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDList first =
          new NDList(
              manager.create(new float[] {1, 2, 3, 4}, new Shape(2, 2)),
              manager.create(new float[] {10, 20}));
      NDList second =
          new NDList(
              manager.create(new float[] {5, 6}, new Shape(1, 2)),
              manager.create(new float[] {30}));

      NDList joined = TrainingLoop.joinSlices(List.of(first, second), Device.cpu());

      assertEquals(2, joined.size());
      assertEquals(new Shape(3, 2), joined.get(0).getShape());
      assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, joined.get(0).toFloatArray());
      assertArrayEquals(new float[] {10, 20, 30}, joined.get(1).toFloatArray());
    }
  }
}

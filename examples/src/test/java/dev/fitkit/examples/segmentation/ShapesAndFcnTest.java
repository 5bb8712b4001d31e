package dev.fitkit.examples.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Record;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generated shapes and the network's output shape. */
class ShapesAndFcnTest {
  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private float[] mask(ArrayDataset data, int index) {
    return data.get(manager, index).getLabels().singletonOrThrow().toFloatArray();
  }

  @Test
  void recordsAreAnImageAndAMaskOfClassIds() {
    ArrayDataset data = Shapes.dataset(manager, 20, 1, 4, false, Long.MAX_VALUE);
    Record record = data.get(manager, 0);

    assertEquals(20, data.size());
    assertEquals(new Shape(1, 32, 32), record.getData().singletonOrThrow().getShape());
    assertEquals(new Shape(32, 32), record.getLabels().singletonOrThrow().getShape());
    boolean[] seen = new boolean[Shapes.CLASSES];
    for (int i = 0; i < 20; i++) {
      for (float id : mask(data, i)) {
        assertTrue(id == Math.rint(id) && id >= 0 && id < Shapes.CLASSES, "class id " + id);
        seen[(int) id] = true;
      }
    }
    assertArrayEquals(
        new boolean[] {true, true, true, true}, seen, "every class appears in 20 images");
  }

  @Test
  void theSeedFixesTheImages() {
    assertArrayEquals(
        mask(Shapes.dataset(manager, 3, 5, 1, false, 3), 2),
        mask(Shapes.dataset(manager, 3, 5, 1, false, 3), 2));
    assertFalse(
        Arrays.equals(
            mask(Shapes.dataset(manager, 3, 5, 1, false, 3), 2),
            mask(Shapes.dataset(manager, 3, 6, 1, false, 3), 2)));
  }

  @Test
  void shapeOutlines() {
    assertTrue(Shapes.inside(1, 3, -2, 3, 2), "rectangle corner");
    assertFalse(Shapes.inside(2, 3, 2, 3, 3), "outside the disc near its box's corner");
    assertTrue(Shapes.inside(3, 0, -4, 3, 4), "triangle apex");
    assertFalse(Shapes.inside(3, 1, -4, 3, 4), "beside the apex");
    assertTrue(Shapes.inside(3, -3, 4, 3, 4), "base corner");
  }

  @Test
  void fcnGivesOneLogitPerClassAndPixel() {
    Block net = Fcn.build(Shapes.CLASSES);
    Shape input = new Shape(2, 1, 32, 32);
    net.initialize(manager, DataType.FLOAT32, input);
    NDArray out =
        net.forward(new ParameterStore(manager, false), new NDList(manager.ones(input)), false)
            .singletonOrThrow();

    assertEquals(new Shape(2, Shapes.CLASSES, 32, 32), out.getShape());
  }
}

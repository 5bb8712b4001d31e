package dev.fitkit.optimizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OptimizerStateTest {
  private static final Tracker DECAYING = step -> 0.05f / (1 + 0.3f * step);
  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private static byte[] save(Optimizer optimizer) {
    return ((StatefulOptimizer) optimizer).saveState(UnaryOperator.identity());
  }

  private void load(Optimizer optimizer, byte[] state) {
    ((StatefulOptimizer) optimizer).loadState(state, manager, UnaryOperator.identity());
  }

  private void continuesExactly(Supplier<Optimizer> factory) {
    NDArray weight = manager.randomNormal(new Shape(3, 4));
    Optimizer original = factory.get();
    for (int step = 0; step < 5; step++) {
      original.update("w", weight, manager.randomNormal(new Shape(3, 4)));
    }
    NDArray copy = weight.duplicate();
    Optimizer restored = factory.get();
    load(restored, save(original));
    NDArray grad = manager.randomNormal(new Shape(3, 4));
    original.update("w", weight, grad);
    restored.update("w", copy, grad);
    assertArrayEquals(weight.toFloatArray(), copy.toFloatArray());
  }

  @Test
  void adamContinuesExactlyFromItsSavedState() {
    continuesExactly(() -> Adam.builder().learningRate(DECAYING).build());
  }

  @Test
  void sgdWithMomentumContinuesExactlyFromItsSavedState() {
    continuesExactly(() -> Sgd.builder().learningRate(DECAYING).momentum(0.9f).build());
  }

  @Test
  void plainSgdContinuesExactlyFromItsSavedState() {
    continuesExactly(() -> Sgd.builder().learningRate(DECAYING).build());
  }

  @Test
  void adamWContinuesExactlyFromItsSavedState() {
    continuesExactly(() -> AdamW.builder().learningRate(DECAYING).build());
  }

  @Test
  void rmsPropContinuesExactlyFromItsSavedState() {
    continuesExactly(() -> RmsProp.builder().learningRate(DECAYING).build());
  }

  @Test
  void centeredRmsPropContinuesExactlyFromItsSavedState() {
    continuesExactly(() -> RmsProp.builder().learningRate(DECAYING).centered(true).build());
  }

  @Test
  void nagContinuesExactlyFromItsSavedState() {
    continuesExactly(
        () -> Nag.builder().learningRate(DECAYING).momentum(0.9f).optWeightDecays(0.01f).build());
  }

  @Test
  void adagradContinuesExactlyFromItsSavedState() {
    continuesExactly(() -> Adagrad.builder().learningRate(DECAYING).build());
  }

  @Test
  void stateRoundTripsWhole() {
    Optimizer[] optimizers = {
      AdamW.builder().build(),
      RmsProp.builder().centered(true).build(),
      Nag.builder().learningRate(DECAYING).momentum(0.9f).build(),
      Adagrad.builder().build()
    };
    for (Optimizer optimizer : optimizers) {
      NDArray weight = manager.randomNormal(new Shape(3, 4));
      for (int step = 0; step < 3; step++) {
        optimizer.update("w", weight, manager.randomNormal(new Shape(3, 4)));
      }
      byte[] saved = save(optimizer);
      load(optimizer, saved);
      assertArrayEquals(saved, save(optimizer), optimizer.getClass().getName());
    }
  }

  @Test
  void optimizersWhoseStatesMeanDifferentThingsRefuseEachOthers() {
    NDArray weight = manager.ones(new Shape(2));
    Optimizer sgd = Sgd.builder().momentum(0.9f).build();
    sgd.update("w", weight, manager.ones(new Shape(2)));
    assertThrows(
        IllegalArgumentException.class,
        () -> load(Nag.builder().learningRate(DECAYING).momentum(0.9f).build(), save(sgd)),
        "Sgd's momentum is subtracted, Nag's added");
    Optimizer rmsProp = RmsProp.builder().build();
    rmsProp.update("w", weight, manager.ones(new Shape(2)));
    assertEquals(
        "the optimizer state is of another optimizer: it holds slots [meanSquare]; this"
            + " optimizer's slots are [meanSquare, mean, momentum]",
        assertThrows(
                IllegalArgumentException.class,
                () -> load(RmsProp.builder().centered(true).build(), save(rmsProp)))
            .getMessage());
  }

  @Test
  void anotherOptimizersStateIsRefused() throws IOException {
    Optimizer adam = Adam.builder().build();
    adam.update("w", manager.ones(new Shape(2)), manager.ones(new Shape(2)));
    byte[] adamState = save(adam);
    assertEquals(
        "the optimizer state is of another optimizer: it holds slots [mean, variance]; this"
            + " optimizer's slots are [momentum]",
        assertThrows(
                IllegalArgumentException.class,
                () -> load(Sgd.builder().momentum(0.9f).build(), adamState))
            .getMessage());
    assertEquals(
        "the optimizer state is in format 1, which this version of fitkit does not read (it reads"
            + " format 2)",
        assertThrows(
                IllegalArgumentException.class, () -> load(adam, new byte[] {0, 0, 0, 1, 0, 0}))
            .getMessage());
  }

  @Test
  void aStateThatDoesNotFitLeavesTheCurrentOneAsItWas() {
    NDArray weight = manager.randomNormal(new Shape(3, 4));
    Optimizer adam = Adam.builder().learningRate(DECAYING).build();
    for (int step = 0; step < 3; step++) {
      adam.update("w", weight, manager.randomNormal(new Shape(3, 4)));
    }
    byte[] before = save(adam);
    assertThrows(IllegalArgumentException.class, () -> load(adam, new byte[] {0, 0, 0, 2}));
    assertArrayEquals(before, save(adam), "a truncated state changed nothing");
  }

  @Test
  void aStateSavedOnAnotherDeviceGoesOnWhereTheParameterIsNow() throws IOException {
    NDArray weight = manager.randomNormal(new Shape(3, 4));
    Optimizer original = Adam.builder().learningRate(DECAYING).build();
    for (int step = 0; step < 4; step++) {
      original.update("w", weight, manager.randomNormal(new Shape(3, 4)));
    }
    // The same state, said to come from a GPU this machine does not have.
    byte[] onGpu = onDevice(save(original), "gpu", 3);
    Optimizer restored = Adam.builder().learningRate(DECAYING).build();
    load(restored, onGpu);
    assertArrayEquals(onGpu, save(restored), "kept whole until the parameter is next updated");
    NDArray copy = weight.duplicate();
    NDArray grad = manager.randomNormal(new Shape(3, 4));
    original.update("w", weight, grad);
    restored.update("w", copy, grad);
    assertArrayEquals(weight.toFloatArray(), copy.toFloatArray(), "moments and steps went on");
  }

  /** A saved state of one parameter "w" with its device changed to {@code type} {@code id}. */
  private static byte[] onDevice(byte[] saved, String type, int id) throws IOException {
    java.io.DataInputStream in =
        new java.io.DataInputStream(new java.io.ByteArrayInputStream(saved));
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
    out.writeInt(in.readInt()); // format
    int slots = in.readInt();
    out.writeInt(slots);
    for (int s = 0; s < slots; s++) {
      out.writeUTF(in.readUTF());
    }
    assertEquals(1, in.readInt(), "one entry");
    out.writeInt(1);
    out.writeUTF(in.readUTF()); // the parameter's name
    in.readUTF();
    in.readInt();
    out.writeUTF(type);
    out.writeInt(id);
    out.write(in.readAllBytes()); // steps and slots
    return bytes.toByteArray();
  }
}

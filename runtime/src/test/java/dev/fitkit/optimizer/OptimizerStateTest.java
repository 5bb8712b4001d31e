package dev.fitkit.optimizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
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

  /** The same state in format 1: entry and slot counts first, no slot names. */
  private static byte[] asFormat1(byte[] format2) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(format2));
    assertEquals(-2, in.readInt(), "format 2 begins with -2");
    int slots = in.readInt();
    for (int s = 0; s < slots; s++) {
      in.readUTF();
    }
    int entries = in.readInt();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(entries);
    out.writeInt(slots);
    out.write(in.readAllBytes()); // the entries are laid out alike
    return bytes.toByteArray();
  }

  /** A format-1 state of one parameter "w" on this manager's device. */
  private byte[] format1(int steps, NDArray... slots) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(1);
    out.writeInt(slots.length);
    Device device = manager.getDevice();
    out.writeUTF("w");
    out.writeUTF(device.getDeviceType());
    out.writeInt(device.getDeviceId());
    out.writeInt(steps);
    for (NDArray slot : slots) {
      byte[] encoded = slot.encode();
      out.writeInt(encoded.length);
      out.write(encoded);
    }
    return bytes.toByteArray();
  }

  @Test
  void adamContinuesExactlyFromAStateSavedBeforeTheFusedUpdate() throws IOException {
    NDArray weight = manager.randomNormal(new Shape(3, 4));
    Optimizer original = Adam.builder().learningRate(DECAYING).build();
    for (int step = 0; step < 5; step++) {
      original.update("w", weight, manager.randomNormal(new Shape(3, 4)));
    }
    NDArray copy = weight.duplicate();
    Optimizer restored = Adam.builder().learningRate(DECAYING).build();
    load(restored, asFormat1(save(original)));
    NDArray grad = manager.randomNormal(new Shape(3, 4));
    original.update("w", weight, grad);
    restored.update("w", copy, grad);
    assertArrayEquals(weight.toFloatArray(), copy.toFloatArray());
  }

  @Test
  void plainSgdKeepsTheStepCountOfAStateSavedBeforeTheFusedUpdate() throws IOException {
    NDArray weight = manager.randomNormal(new Shape(3, 4));
    NDArray copy = weight.duplicate();
    Optimizer djl = Optimizer.sgd().setLearningRateTracker(DECAYING).optBeginNumUpdate(5).build();
    Optimizer restored = Sgd.builder().learningRate(DECAYING).build();
    load(restored, format1(5, manager.zeros(new Shape(3, 4))));
    NDArray grad = manager.randomNormal(new Shape(3, 4));
    djl.update("w", weight, grad);
    restored.update("w", copy, grad);
    assertArrayEquals(weight.toFloatArray(), copy.toFloatArray(), "the 6th step's rate");
  }

  @Test
  void sgdWithMomentumRefusesAStateSavedBeforeTheFusedUpdate() throws IOException {
    byte[] unscaledMomentum = format1(5, manager.ones(new Shape(3, 4)));
    Optimizer sgd = Sgd.builder().momentum(0.9f).build();
    assertEquals(
        "The saved optimizer state was written by an earlier fitkit, whose state for this"
            + " optimizer meant something else: it cannot be continued exactly. Start a new fit,"
            + " or finish this run with the fitkit version that saved it",
        assertThrows(IllegalArgumentException.class, () -> load(sgd, unscaledMomentum))
            .getMessage());
  }

  @Test
  void anotherOptimizersStateIsRefused() throws IOException {
    Optimizer adam = Adam.builder().build();
    adam.update("w", manager.ones(new Shape(2)), manager.ones(new Shape(2)));
    byte[] adamState = save(adam);
    assertEquals(
        "The saved optimizer state is of another optimizer: it holds slots [mean, variance];"
            + " this optimizer's slots are [momentum]",
        assertThrows(
                IllegalArgumentException.class,
                () -> load(Sgd.builder().momentum(0.9f).build(), adamState))
            .getMessage());

    byte[] sgdFormat1 = format1(5, manager.zeros(new Shape(2)));
    assertEquals(
        "The saved optimizer state is of another optimizer: its slot count is 1; this"
            + " optimizer's slots are [mean, variance]",
        assertThrows(IllegalArgumentException.class, () -> load(adam, sgdFormat1)).getMessage());
  }
}

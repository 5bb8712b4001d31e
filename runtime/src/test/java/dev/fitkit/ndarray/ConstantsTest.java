package dev.fitkit.ndarray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Gradients through a constant survive a garbage collection between forward and backward. Each
 * check runs forward on x = 3, collects garbage, fills freshly freed native memory with NaN, then
 * runs backward and compares the gradient with the exact one.
 */
class ConstantsTest {
  private static final int ROUNDS = 10;

  /** A collection frees unreachable direct buffers; new ones then reuse that memory. */
  private static void collectAndReuseFreedMemory() throws InterruptedException {
    System.gc();
    Thread.sleep(20); // the cleaner thread frees the buffers after the collection
    for (int i = 0; i < 200; i++) {
      ByteBuffer.allocateDirect(4).putFloat(0, Float.NaN);
    }
  }

  /** The number of rounds, of {@link #ROUNDS}, whose gradient was not {@code expected}. */
  private static int wrongGradients(UnaryOperator<NDArray> forward, float expected)
      throws InterruptedException {
    int wrong = 0;
    try (NDManager manager = NDManager.newBaseManager()) {
      for (int round = 0; round < ROUNDS; round++) {
        try (NDManager batch = manager.newSubManager()) {
          NDArray x = batch.full(new Shape(8), 3f);
          x.setRequiresGradient(true);
          try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray y = forward.apply(x);
            collectAndReuseFreedMemory();
            collector.backward(y.sum());
          }
          for (float gradient : x.getGradient().toFloatArray()) {
            if (Math.abs(gradient - expected) > 1e-6f) {
              wrong++;
              break;
            }
          }
        }
      }
    }
    return wrong;
  }

  @Test
  void djlsNumberOverloadLosesItsConstantInTheseConditions() throws InterruptedException {
    // If this fails, either DJL no longer lends a buffer it frees (Constants is then not needed)
    // or the collection above no longer provokes the failure (the tests below prove nothing).
    int wrong = wrongGradients(x -> x.div(8), 0.125f);
    assertTrue(wrong > 0, "DJL's div(Number) kept its gradient in all " + ROUNDS + " rounds");
  }

  @Test
  void mul() throws InterruptedException {
    assertEquals(0, wrongGradients(x -> Constants.mul(x, 4), 4f));
  }

  @Test
  void div() throws InterruptedException {
    assertEquals(0, wrongGradients(x -> Constants.div(x, 8), 0.125f));
  }

  @Test
  void pow() throws InterruptedException {
    assertEquals(0, wrongGradients(x -> Constants.pow(x, 2), 6f)); // d(x^2)/dx = 2x
  }

  @Test
  void maximum() throws InterruptedException {
    assertEquals(0, wrongGradients(x -> Constants.maximum(x, 1), 1f));
    assertEquals(0, wrongGradients(x -> Constants.maximum(x, 5), 0f));
  }

  @Test
  void minimum() throws InterruptedException {
    assertEquals(0, wrongGradients(x -> Constants.minimum(x, 5), 1f));
    assertEquals(0, wrongGradients(x -> Constants.minimum(x, 1), 0f));
  }

  @Test
  void scalarLikeKeepsTheDataTypeAndValue() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray ints = manager.create(new int[] {1, 2});
      NDArray seven = Constants.scalarLike(ints, 7);
      assertEquals(ints.getDataType(), seven.getDataType());
      assertEquals(new Shape(), seven.getShape());
      assertEquals(7, seven.getInt());
    }
  }
}

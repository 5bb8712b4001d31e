package dev.fitkit.testing;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.function.UnaryOperator;

/**
 * Runs forward on x = 3 (8 values), collects garbage, fills freshly freed native memory with NaN,
 * then runs backward on the sum and compares x's gradient with the exact one; {@link #ROUNDS}
 * times. A constant lent to autograd in a Java buffer and then freed shows as a wrong gradient.
 */
public final class CollectionBeforeBackward {
  public static final int ROUNDS = 10;

  private CollectionBeforeBackward() {}

  /** The number of rounds, of {@link #ROUNDS}, whose gradient was not {@code expected}. */
  public static int wrongGradients(UnaryOperator<NDArray> forward, float expected)
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

  /** A collection frees unreachable direct buffers; new ones then reuse that memory. */
  private static void collectAndReuseFreedMemory() throws InterruptedException {
    System.gc();
    Thread.sleep(20); // the cleaner thread frees the buffers after the collection
    for (int i = 0; i < 200; i++) {
      ByteBuffer.allocateDirect(4).putFloat(0, Float.NaN);
    }
  }
}

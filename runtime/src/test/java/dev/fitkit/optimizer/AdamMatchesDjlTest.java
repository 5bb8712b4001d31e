package dev.fitkit.optimizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

/** fitkit's optimizers make the same updates as DJL's native ones. */
class AdamMatchesDjlTest {

  private static void sameUpdates(Optimizer djl, Optimizer fitkit) {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray a = manager.randomNormal(new Shape(5, 3));
      NDArray b = a.duplicate();
      for (int step = 0; step < 10; step++) {
        NDArray grad = manager.randomNormal(new Shape(5, 3));
        djl.update("w", a, grad);
        fitkit.update("w", b, grad);
      }
      assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 1e-5f);
    }
  }

  @Test
  void adam() {
    sameUpdates(
        Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build(),
        Adam.builder().learningRate(Tracker.fixed(0.01f)).build());
  }

  @Test
  void sgdWithMomentum() {
    sameUpdates(
        Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).optMomentum(0.9f).build(),
        Sgd.builder().learningRate(Tracker.fixed(0.1f)).momentum(0.9f).build());
  }
}

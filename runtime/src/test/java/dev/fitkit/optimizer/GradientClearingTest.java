package dev.fitkit.optimizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.LocalParameterServer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

/**
 * An update leaves the weight's own gradient at zero, through DJL's parameter server, which hands
 * the optimizer a copy of it: a NaN or infinite gradient does not stay there for later steps.
 */
class GradientClearingTest {

  private static void clearsAnyGradient(Optimizer optimizer) {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray weight = manager.create(new float[] {1, 2, 3, 4});
      weight.setRequiresGradient(true);
      NDArray scale = manager.create(new float[] {Float.NaN, Float.POSITIVE_INFINITY, -1, 2});
      LocalParameterServer server = new LocalParameterServer(optimizer);

      backward(weight, scale);
      server.update("w", new NDArray[] {weight});
      assertArrayEquals(new float[4], weight.getGradient().toFloatArray(), "cleared after a step");

      backward(weight, manager.create(new float[] {1, 2, 3, 4}));
      assertArrayEquals(
          new float[] {1, 2, 3, 4},
          weight.getGradient().toFloatArray(),
          "the next backward's gradient alone");
    }
  }

  /** Adds {@code scale} into the weight's gradient, as PyTorch's backward does. */
  private static void backward(NDArray weight, NDArray scale) {
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      collector.backward(weight.mul(scale).sum());
    }
  }

  @Test
  void adam() {
    clearsAnyGradient(Adam.builder().build());
  }

  @Test
  void sgd() {
    clearsAnyGradient(Sgd.builder().build());
  }

  @Test
  void sgdWithMomentum() {
    clearsAnyGradient(Sgd.builder().momentum(0.9f).build());
  }

  @Test
  void adamW() {
    clearsAnyGradient(AdamW.builder().build());
  }

  @Test
  void rmsProp() {
    clearsAnyGradient(RmsProp.builder().build());
  }

  @Test
  void centeredRmsProp() {
    clearsAnyGradient(RmsProp.builder().centered(true).build());
  }

  @Test
  void nag() {
    clearsAnyGradient(Nag.builder().learningRate(Tracker.fixed(0.01f)).momentum(0.9f).build());
  }

  @Test
  void adagrad() {
    clearsAnyGradient(Adagrad.builder().build());
  }
}

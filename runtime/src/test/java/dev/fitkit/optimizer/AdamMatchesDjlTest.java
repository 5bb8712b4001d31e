package dev.fitkit.optimizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

/**
 * fitkit's Adam, AdamW and Sgd make DJL's updates to the bit: both run the engine's fused op with
 * the same arguments.
 */
class AdamMatchesDjlTest {
  /** A learning rate that changes at every step, so a step count off by one shows. */
  private static final Tracker DECAYING = step -> 0.05f / (1 + 0.3f * step);

  private static void sameUpdates(Optimizer djl, Optimizer fitkit) {
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.getEngine().setRandomSeed(7);
      NDArray a = manager.randomNormal(new Shape(5, 3));
      NDArray b = a.duplicate();
      for (int step = 0; step < 10; step++) {
        NDArray grad = manager.randomNormal(new Shape(5, 3)).muli(2);
        djl.update("w", a, grad);
        fitkit.update("w", b, grad);
        assertArrayEquals(a.toFloatArray(), b.toFloatArray(), "step " + step);
      }
    }
  }

  @Test
  void adam() {
    sameUpdates(
        Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build(),
        Adam.builder().learningRate(Tracker.fixed(0.01f)).build());
  }

  @Test
  void adamWithWeightDecayRescaleClipAndAChangingRate() {
    sameUpdates(
        Optimizer.adam()
            .optLearningRateTracker(DECAYING)
            .optBeta1(0.8f)
            .optBeta2(0.99f)
            .optEpsilon(1e-6f)
            .optWeightDecays(0.01f)
            .setRescaleGrad(0.5f)
            .optClipGrad(0.4f)
            .build(),
        Adam.builder()
            .learningRate(DECAYING)
            .betas(0.8f, 0.99f)
            .epsilon(1e-6f)
            .optWeightDecays(0.01f)
            .setRescaleGrad(0.5f)
            .optClipGrad(0.4f)
            .build());
  }

  @Test
  void adamW() {
    sameUpdates(Optimizer.adamW().build(), AdamW.builder().build());
  }

  @Test
  void adamWWithWeightDecayRescaleClipAndAChangingRate() {
    sameUpdates(
        Optimizer.adamW()
            .optLearningRateTracker(DECAYING)
            .optBeta1(0.8f)
            .optBeta2(0.99f)
            .optEpsilon(1e-6f)
            .optWeightDecays(0.05f)
            .setRescaleGrad(0.5f)
            .optClipGrad(0.4f)
            .build(),
        AdamW.builder()
            .learningRate(DECAYING)
            .betas(0.8f, 0.99f)
            .epsilon(1e-6f)
            .optWeightDecays(0.05f)
            .setRescaleGrad(0.5f)
            .optClipGrad(0.4f)
            .build());
  }

  @Test
  void adamWDecouplesWeightDecayWhichAdamAddsToTheGradient() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray a = manager.create(new float[] {1, -2});
      NDArray b = a.duplicate();
      NDArray grad = manager.create(new float[] {0.5f, 0.5f});
      Adam.builder().optWeightDecays(0.5f).build().update("w", a, grad);
      AdamW.builder().optWeightDecays(0.5f).build().update("w", b, grad);
      assertFalse(java.util.Arrays.equals(a.toFloatArray(), b.toFloatArray()));
    }
  }

  @Test
  void sgd() {
    sameUpdates(
        Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build(),
        Sgd.builder().learningRate(Tracker.fixed(0.1f)).build());
  }

  @Test
  void sgdWithMomentum() {
    sameUpdates(
        Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).optMomentum(0.9f).build(),
        Sgd.builder().learningRate(Tracker.fixed(0.1f)).momentum(0.9f).build());
  }

  @Test
  void sgdWithMomentumWeightDecayRescaleClipAndAChangingRate() {
    sameUpdates(
        Optimizer.sgd()
            .setLearningRateTracker(DECAYING)
            .optMomentum(0.9f)
            .optWeightDecays(0.01f)
            .setRescaleGrad(0.5f)
            .optClipGrad(0.4f)
            .build(),
        Sgd.builder()
            .learningRate(DECAYING)
            .momentum(0.9f)
            .optWeightDecays(0.01f)
            .setRescaleGrad(0.5f)
            .optClipGrad(0.4f)
            .build());
  }

  @Test
  void adamRefusesANonFiniteRateAsDjlDoes() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray weight = manager.ones(new Shape(2));
      Optimizer adam = Adam.builder().learningRate(Tracker.fixed(Float.NaN)).build();
      assertEquals(
          "learning rate or weight decay is nan or infinite",
          assertThrows(
                  IllegalArgumentException.class,
                  () -> adam.update("w", weight, manager.ones(new Shape(2))))
              .getMessage());
    }
  }
}

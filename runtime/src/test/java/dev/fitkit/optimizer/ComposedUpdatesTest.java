package dev.fitkit.optimizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * fitkit's RmsProp, Nag and Adagrad, for which the PyTorch engine has no fused op, make DJL's
 * updates to the bit, although DJL's own cannot run on that engine: each expected weight below is
 * what DJL 0.36's optimizer, built with the same options, computes from the same weight and
 * gradients ({@link #sixSteps}) on DJL's MXNet engine (ai.djl.mxnet:mxnet-engine 0.36.0 with
 * mxnet-native-mkl 1.9.1), the engine whose fused ops it calls. Their temporaries are freed at
 * every step.
 */
class ComposedUpdatesTest {
  /** A learning rate that changes at every step, so a step count off by one shows. */
  private static final Tracker DECAYING = step -> 0.05f / (1 + 0.3f * step);

  /** A 2x3 weight after six updates by {@code optimizer}, from seeded weight and gradients. */
  private static float[] sixSteps(Optimizer optimizer) {
    try (NDManager manager = NDManager.newBaseManager()) {
      Random random = new Random(7);
      NDArray weight = manager.create(gaussian(random, 1), new Shape(2, 3));
      for (int step = 0; step < 6; step++) {
        optimizer.update("w", weight, manager.create(gaussian(random, 2), new Shape(2, 3)));
      }
      return weight.toFloatArray();
    }
  }

  private static float[] gaussian(Random random, float scale) {
    float[] values = new float[6];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian() * scale;
    }
    return values;
  }

  @Test
  void djlsOwnFailOnThisEngineWhichHasNoFusedOpForThem() {
    Optimizer[] djls = {
      Optimizer.rmsprop().build(),
      Optimizer.rmsprop().optCentered(true).build(),
      Optimizer.nag().setLearningRateTracker(Tracker.fixed(0.01f)).setMomentum(0.9f).build(),
      Optimizer.adagrad().build()
    };
    for (Optimizer djl : djls) {
      assertThrows(UnsupportedOperationException.class, () -> sixSteps(djl), djl.toString());
    }
  }

  @Test
  void rmsProp() {
    assertArrayEquals(
        new float[] {0.82906395f, 0.9484652f, -0.30461615f, 0.73601156f, 1.3814158f, -0.9691711f},
        sixSteps(RmsProp.builder().learningRate(Tracker.fixed(0.01f)).build()));
  }

  @Test
  void rmsPropWithWeightDecayRescaleClipAndAChangingRate() {
    assertArrayEquals(
        new float[] {0.7703898f, 0.9461081f, -0.34960818f, 0.73323977f, 1.5019796f, -0.9278234f},
        sixSteps(
            RmsProp.builder()
                .learningRate(DECAYING)
                .rho(0.8f)
                .epsilon(1e-2f)
                .optWeightDecays(0.01f)
                .setRescaleGrad(0.5f)
                .optClipGrad(0.4f)
                .build()));
  }

  @Test
  void centeredRmsProp() {
    assertArrayEquals(
        new float[] {0.66127336f, 0.96515995f, -0.4424857f, 0.74918836f, 1.5572209f, -0.958452f},
        sixSteps(RmsProp.builder().learningRate(Tracker.fixed(0.01f)).centered(true).build()));
  }

  @Test
  void centeredRmsPropWithMomentumWeightDecayRescaleClipAndAChangingRate() {
    assertArrayEquals(
        new float[] {0.6373787f, 0.95749044f, -0.445125f, 0.7496348f, 1.6914017f, -0.893462f},
        sixSteps(
            RmsProp.builder()
                .learningRate(DECAYING)
                .centered(true)
                .rho(0.8f)
                .momentum(0.5f)
                .epsilon(1e-2f)
                .optWeightDecays(0.01f)
                .setRescaleGrad(0.5f)
                .optClipGrad(0.4f)
                .build()));
  }

  @Test
  void nag() {
    assertArrayEquals(
        new float[] {0.8578801f, 1.1003762f, -0.50996584f, 0.6765534f, 1.5288895f, -1.1020086f},
        sixSteps(Nag.builder().learningRate(Tracker.fixed(0.01f)).momentum(0.9f).build()));
  }

  @Test
  void nagWithWeightDecayRescaleClipAndAChangingRate() {
    assertArrayEquals(
        new float[] {0.7686679f, 0.94919217f, -0.34548405f, 0.7284274f, 1.4694394f, -0.93754125f},
        sixSteps(
            Nag.builder()
                .learningRate(DECAYING)
                .momentum(0.8f)
                .optWeightDecays(0.01f)
                .setRescaleGrad(0.5f)
                .optClipGrad(0.4f)
                .build()));
  }

  @Test
  void adagrad() {
    assertArrayEquals(
        new float[] {0.78944457f, 1.0145317f, -0.3487175f, 0.70893955f, 1.476949f, -1.0076278f},
        sixSteps(Adagrad.builder().learningRate(Tracker.fixed(0.1f)).build()));
  }

  @Test
  void adagradWithRescaleClipAndAChangingRate() {
    assertArrayEquals(
        new float[] {0.8051406f, 0.92199975f, -0.31899768f, 0.749818f, 1.4122072f, -0.93525785f},
        sixSteps(
            Adagrad.builder()
                .learningRate(DECAYING)
                .epsilon(1e-2f)
                .setRescaleGrad(0.5f)
                .optClipGrad(0.4f)
                .build()));
  }

  /**
   * DJL's Adagrad refuses weight decay on every engine (MXNet's op has none); fitkit's follows the
   * formula DJL's documents, worked here in Java floats, whose operations round as the engine's.
   */
  @Test
  void adagradWithWeightDecayFollowsDjlsDocumentedFormula() {
    float lr = 0.1f;
    float weightDecay = 0.05f;
    float rescale = 0.5f;
    float clip = 0.4f;
    float epsilon = 1e-2f;
    Random random = new Random(7);
    float[] weight = gaussian(random, 1);
    float[] history = new float[6];
    for (int step = 0; step < 6; step++) {
      float[] grad = gaussian(random, 2);
      for (int i = 0; i < weight.length; i++) {
        float g = Math.max(-clip, Math.min(clip, rescale * grad[i])) + weightDecay * weight[i];
        history[i] += g * g;
        weight[i] -= lr * (g / (float) Math.sqrt(history[i] + epsilon));
      }
    }
    assertArrayEquals(
        weight,
        sixSteps(
            Adagrad.builder()
                .learningRate(Tracker.fixed(lr))
                .epsilon(epsilon)
                .optWeightDecays(weightDecay)
                .setRescaleGrad(rescale)
                .optClipGrad(clip)
                .build()));
  }

  @Test
  void aStepKeepsNoArrayButTheSlots() {
    Optimizer[] optimizers = {
      RmsProp.builder().optWeightDecays(0.01f).optClipGrad(0.4f).build(),
      RmsProp.builder().centered(true).optWeightDecays(0.01f).optClipGrad(0.4f).build(),
      Nag.builder().learningRate(DECAYING).momentum(0.9f).optWeightDecays(0.01f).build(),
      Adagrad.builder().optWeightDecays(0.01f).optClipGrad(0.4f).build()
    };
    for (Optimizer optimizer : optimizers) {
      try (NDManager manager = NDManager.newBaseManager()) {
        NDArray weight = manager.ones(new Shape(2, 3));
        NDArray grad = manager.ones(new Shape(2, 3));
        optimizer.update("w", weight, grad);
        int afterFirst = manager.getManagedArrays().size();
        for (int step = 0; step < 5; step++) {
          optimizer.update("w", weight, grad);
        }
        assertEquals(afterFirst, manager.getManagedArrays().size(), optimizer.getClass().getName());
      }
    }
  }

  @Test
  void nagNeedsALearningRateAndAMomentumAsDjlsDoes() {
    assertEquals(
        "Nag needs a learning rate: set learningRate(...)",
        assertThrows(IllegalArgumentException.class, () -> Nag.builder().momentum(0.9f).build())
            .getMessage());
    assertEquals(
        "Nag needs a momentum: set momentum(...), or use Sgd for gradient descent without one",
        assertThrows(
                IllegalArgumentException.class,
                () -> Nag.builder().learningRate(Tracker.fixed(0.1f)).build())
            .getMessage());
  }

  @Test
  void eachRefusesANonFiniteRateOrWeightDecay() {
    Optimizer[] optimizers = {
      AdamW.builder().learningRate(Tracker.fixed(Float.POSITIVE_INFINITY)).build(),
      RmsProp.builder().learningRate(Tracker.fixed(Float.NaN)).build(),
      Nag.builder()
          .learningRate(Tracker.fixed(0.1f))
          .momentum(0.9f)
          .optWeightDecays(Float.NaN)
          .build(),
      Adagrad.builder().learningRate(Tracker.fixed(Float.NaN)).build()
    };
    for (Optimizer optimizer : optimizers) {
      try (NDManager manager = NDManager.newBaseManager()) {
        NDArray weight = manager.ones(new Shape(2));
        assertEquals(
            "learning rate or weight decay is nan or infinite",
            assertThrows(
                    IllegalArgumentException.class,
                    () -> optimizer.update("w", weight, manager.ones(new Shape(2))))
                .getMessage());
        assertArrayEquals(new float[] {1, 1}, weight.toFloatArray(), "the weight is untouched");
      }
    }
  }
}

package dev.fitkit.handlers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.fitkit.Budget;
import dev.fitkit.Estimator;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.FitResult;
import dev.fitkit.HandlerFailedException;
import dev.fitkit.testing.ArrayCounter;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.FailAtStep;
import dev.fitkit.testing.Nets;
import dev.fitkit.testing.ParameterSnapshots;
import dev.fitkit.testing.RequestStopAtBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clipping and accumulation, checked on the parameters themselves: with plain SGD a step moves each
 * parameter by exactly {@code -lr * gradient}, so parameter snapshots show the gradient used.
 */
class GradientUpdateHandlerTest {
  private static final float LR = 0.5f;
  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  /**
   * A fit from the same initial weights every time: the seed is set right before the model
   * initializes.
   */
  private static Estimator sgd(Object... handlers) {
    Engine.getInstance().setRandomSeed(42);
    return Estimator.builder()
        .block(Nets.mlp())
        .loss(Loss.softmaxCrossEntropyLoss())
        .optimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(LR)).build())
        .discoverHandlers(false)
        .handlers(handlers)
        .build();
  }

  /** Parameters before and after each batch, and at the end, of a fit with {@code update}. */
  private static ParameterSnapshots fit(GradientUpdateHandler update, Dataset data, Budget budget) {
    ParameterSnapshots snapshots = new ParameterSnapshots();
    try (Estimator estimator = sgd(update, snapshots)) {
      estimator.fit(data, null, budget);
    }
    return snapshots;
  }

  private static float[] delta(float[] before, float[] after) {
    float[] delta = new float[before.length];
    for (int i = 0; i < delta.length; i++) {
      delta[i] = after[i] - before[i];
    }
    return delta;
  }

  private static double l2(float[] values) {
    double sum = 0;
    for (float v : values) {
      sum += (double) v * v;
    }
    return Math.sqrt(sum);
  }

  private static double maxAbs(float[] values) {
    double max = 0;
    for (float v : values) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }

  private float[] oneStep(GradientUpdateHandler update) {
    ParameterSnapshots s = fit(update, Blobs.dataset(manager, 16, 16, 1), Budget.batches(1));
    return delta(s.first(), s.afterBatch.get(0));
  }

  @Test
  void clipNormBoundsTheStepAndKeepsItsDirection() {
    double maxNorm = 0.01;
    float[] free = oneStep(new GradientUpdateHandler());
    float[] clipped = oneStep(GradientUpdateHandler.builder().clipNorm(maxNorm).build());

    double bound = LR * maxNorm;
    assertTrue(l2(free) > 10 * bound, "unclipped, the step is far larger: " + l2(free));
    assertTrue(l2(clipped) <= bound * (1 + 1e-4), l2(clipped) + " > lr * maxNorm = " + bound);
    assertTrue(maxAbs(clipped) <= bound, "no parameter moves further than lr * maxNorm");
    assertEquals(bound, l2(clipped), bound * 1e-3, "scaled down to the bound, not below it");
    double ratio = l2(clipped) / l2(free);
    for (int i = 0; i < free.length; i++) {
      assertEquals(free[i] * ratio, clipped[i], 1e-6, "same direction, parameter " + i);
    }
  }

  @Test
  void clipNormLeavesSmallGradientsAlone() {
    float[] free = oneStep(new GradientUpdateHandler());
    float[] loose = oneStep(GradientUpdateHandler.builder().clipNorm(1e6).build());
    assertArrayEquals(free, loose, 1e-7f);
  }

  @Test
  void clipValueClampsEachElement() {
    double maxValue = 0.002;
    float[] free = oneStep(new GradientUpdateHandler());
    float[] clipped = oneStep(GradientUpdateHandler.builder().clipValue(maxValue).build());

    double bound = LR * maxValue;
    assertTrue(
        maxAbs(free) > 10 * bound, "unclipped, some parameter moves further: " + maxAbs(free));
    assertEquals(bound, maxAbs(clipped), 1e-6, "the largest moves are clamped to lr * maxValue");
    for (int i = 0; i < free.length; i++) {
      if (Math.abs(free[i]) < bound * 0.99) {
        assertEquals(free[i], clipped[i], 1e-6, "a small gradient element is kept, parameter " + i);
      }
    }
  }

  @Test
  void clipNormThenValueBothBind() {
    double maxNorm = 0.05;
    double maxValue = 0.004;
    float[] both =
        oneStep(GradientUpdateHandler.builder().clipNorm(maxNorm).clipValue(maxValue).build());
    assertTrue(l2(both) <= LR * maxNorm * (1 + 1e-4));
    assertEquals(LR * maxValue, maxAbs(both), 1e-6);
  }

  @Test
  void accumulatingTwoBatchesOf8StepsLikeOneBatchOf16() {
    GradientUpdateHandler accumulate = GradientUpdateHandler.builder().accumulate(2).build();
    ParameterSnapshots twoOf8 = fit(accumulate, Blobs.dataset(manager, 16, 8, 1), Budget.epochs(1));
    ParameterSnapshots oneOf16 =
        fit(new GradientUpdateHandler(), Blobs.dataset(manager, 16, 16, 1), Budget.epochs(1));

    assertArrayEquals(oneOf16.first(), twoOf8.first(), "both start from the same weights");
    assertArrayEquals(
        twoOf8.first(), twoOf8.afterBatch.get(0), "no step after the first batch of the group");
    assertEquals(1, accumulate.steps());
    assertTrue(l2(delta(oneOf16.first(), oneOf16.atEnd)) > 0.01, "the step moves the weights");
    assertArrayEquals(
        oneOf16.atEnd, twoOf8.atEnd, 1e-6f, "the mean gradient of the two halves is the whole's");
  }

  @Test
  void aSmallerLastBatchCountsForTheSamplesItHolds() {
    // 40 samples in batches of 16, 16 and 8, one group: the gradient of the 40 samples' mean loss.
    GradientUpdateHandler accumulate = GradientUpdateHandler.builder().accumulate(3).build();
    ParameterSnapshots grouped =
        fit(accumulate, Blobs.dataset(manager, 40, 16, 1), Budget.epochs(1));
    ParameterSnapshots whole =
        fit(new GradientUpdateHandler(), Blobs.dataset(manager, 40, 40, 1), Budget.epochs(1));

    assertEquals(1, accumulate.steps());
    assertArrayEquals(whole.atEnd, grouped.atEnd, 1e-6f);
  }

  @Test
  void aPartialGroupIsSteppedAtEpochEndAndGroupsNeverSpanEpochs() {
    // Batches 16, 16 | 8 per epoch in groups of 2: as batches of 32 and 8, two epochs.
    GradientUpdateHandler accumulate = GradientUpdateHandler.builder().accumulate(2).build();
    ParameterSnapshots grouped =
        fit(accumulate, Blobs.dataset(manager, 40, 16, 1), Budget.epochs(2));
    ParameterSnapshots reference =
        fit(new GradientUpdateHandler(), Blobs.dataset(manager, 40, 32, 1), Budget.epochs(2));

    assertEquals(4, accumulate.steps(), "ceil(3 / 2) steps per epoch");
    assertArrayEquals(reference.atEnd, grouped.atEnd, 1e-5f);
  }

  @Test
  void aStopMidGroupStillStepsWhatWasAccumulated() {
    GradientUpdateHandler accumulate = GradientUpdateHandler.builder().accumulate(4).build();
    ParameterSnapshots snapshots = new ParameterSnapshots();
    try (Estimator estimator = sgd(accumulate, snapshots, new RequestStopAtBatch(1))) {
      FitResult result = estimator.fit(Blobs.dataset(manager, 64, 16, 1), null, 3);
      assertEquals(2, result.batches());
    }
    assertEquals(1, accumulate.steps(), "the two batches before the stop are stepped at epoch end");
    assertArrayEquals(snapshots.first(), snapshots.afterBatch.get(1), "no step inside the group");
    assertTrue(l2(delta(snapshots.first(), snapshots.atEnd)) > 0.01);
  }

  @Test
  void aFailedFitLeavesNoGradientBehind() {
    GradientUpdateHandler accumulate = GradientUpdateHandler.builder().accumulate(4).build();
    try (Estimator estimator = sgd(accumulate, new FailAtStep(1))) {
      assertThrows(
          HandlerFailedException.class,
          () -> estimator.fit(Blobs.dataset(manager, 64, 16, 1), null, 1));
      assertEquals(0, accumulate.steps());
      for (Parameter parameter : estimator.model().getBlock().getParameters().values()) {
        float[] gradient = parameter.getArray().getGradient().toFloatArray();
        assertEquals(
            0.0, maxAbs(gradient), "the two pending batches' gradients of " + parameter.getName());
      }
    }
  }

  @Test
  void nativeMemoryStaysFlatWithEveryOption() {
    ArrayCounter counter = new ArrayCounter();
    GradientUpdateHandler update =
        GradientUpdateHandler.builder().accumulate(3).clipNorm(0.1).clipValue(0.01).build();
    try (Estimator estimator = sgd(update, counter)) {
      estimator.fit(Blobs.dataset(manager, 200, 16, 1), 4);
    }
    assertEquals(20, update.steps(), "13 batches per epoch: 5 steps each");
    assertEquals(
        counter.counts.get(1),
        counter.counts.get(3),
        "managed arrays per epoch: " + counter.counts);
  }

  @Test
  void optionsOnSeveralDevicesFailAtTrainBegin() {
    GradientUpdateHandler update =
        GradientUpdateHandler.builder().accumulate(2).clipNorm(1).build();
    try (Estimator estimator =
        Estimator.builder()
            .block(Nets.mlp())
            .loss(Loss.softmaxCrossEntropyLoss())
            .devices(Device.gpu(0), Device.gpu(1))
            .discoverHandlers(false)
            .handlers(update)
            .build()) {
      FitConfigurationException e =
          assertThrows(
              FitConfigurationException.class,
              () -> estimator.fit(Blobs.dataset(manager, 32, 16, 1), 1));
      assertEquals(
          "GradientUpdateHandler(accumulate 2 batches, clip norm 1.0) works on one device, but the"
              + " fit runs on [gpu(0), gpu(1)]: DJL keeps the gradients of the other devices in its"
              + " parameter store, where no handler can clip or scale them. Train on one device"
              + " (.devices(Device.gpu(0))), or use new GradientUpdateHandler() without options.",
          e.getMessage());
    }
  }

  @Test
  void optionsAreCheckedWhenSet() {
    assertEquals(
        "accumulate needs a positive number of batches (1: step every batch), got 0",
        assertThrows(
                IllegalArgumentException.class, () -> GradientUpdateHandler.builder().accumulate(0))
            .getMessage());
    assertEquals(
        "clipNorm needs a positive, finite maximum, got -1.0",
        assertThrows(
                IllegalArgumentException.class, () -> GradientUpdateHandler.builder().clipNorm(-1))
            .getMessage());
    assertEquals(
        "clipValue needs a positive, finite maximum, got NaN",
        assertThrows(
                IllegalArgumentException.class,
                () -> GradientUpdateHandler.builder().clipValue(Double.NaN))
            .getMessage());
    assertEquals(
        "clipNorm needs a positive, finite maximum, got Infinity",
        assertThrows(
                IllegalArgumentException.class,
                () -> GradientUpdateHandler.builder().clipNorm(Double.POSITIVE_INFINITY))
            .getMessage());
    assertEquals("step every batch", new GradientUpdateHandler().toString());
    assertEquals(
        "accumulate 4 batches, clip norm 1.0, clip value 0.5",
        GradientUpdateHandler.builder()
            .accumulate(4)
            .clipNorm(1)
            .clipValue(0.5)
            .build()
            .toString());
  }
}

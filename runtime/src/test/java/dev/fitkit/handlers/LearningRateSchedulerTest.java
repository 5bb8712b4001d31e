package dev.fitkit.handlers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.google.inject.TypeLiteral;
import com.google.inject.name.Names;
import dev.fitkit.EpochRecord;
import dev.fitkit.Estimator;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.FitResult;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.Estimators;
import dev.fitkit.testing.Nets;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Schedules inside real fits; 48 samples in batches of 16 make 3 optimizer updates an epoch. */
class LearningRateSchedulerTest {
  private NDManager manager;
  private Dataset train;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
    Engine.getInstance().setRandomSeed(7);
    train = Blobs.dataset(manager, 48, 16, 1);
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private static double[] learningRates(FitResult result) {
    return result.history().epochs().stream().mapToDouble(EpochRecord::learningRate).toArray();
  }

  @Test
  void setsEachEpochsRateFromTheEpoch() {
    try (Estimator estimator =
        Estimators.sgd(1f)
            .handlers(LearningRateScheduler.perEpoch(epoch -> 0.1 * Math.pow(0.5, epoch)))
            .build()) {
      FitResult result = estimator.fit(train, null, 4);
      assertArrayEquals(new double[] {0.1, 0.05, 0.025, 0.0125}, learningRates(result), 1e-7);
    }
  }

  @Test
  void installsATrackerOfTheOptimizerUpdates() {
    // DJL numbers updates from 1: after epoch e, 3 * (e + 1) updates have run.
    try (Estimator estimator =
        Estimators.sgd(1f)
            .handlers(LearningRateScheduler.perStep(update -> 0.01f * update))
            .build()) {
      FitResult result = estimator.fit(train, null, 3);
      assertArrayEquals(new double[] {0.03, 0.06, 0.09}, learningRates(result), 1e-6);
    }
    Tracker decay = Tracker.factor().setBaseValue(0.1f).setFactor(0.9f).build();
    try (Estimator estimator =
        Estimators.adam(1f).handlers(LearningRateScheduler.perStep(decay)).build()) {
      FitResult result = estimator.fit(train, null, 2);
      assertArrayEquals(
          new double[] {decay.getNewValue(3), decay.getNewValue(6)}, learningRates(result), 1e-7);
    }
  }

  @Test
  void isConfiguredThroughGuice() {
    try (Estimator estimator =
        Estimators.sgd(1f)
            .handlerTypes(LearningRateScheduler.class)
            .modules(
                binder ->
                    binder
                        .bind(IntToDoubleFunction.class)
                        .annotatedWith(Names.named("fitkit.learning-rate-scheduler.schedule"))
                        .toInstance(epoch -> 0.1 / (1 + epoch)))
            .build()) {
      assertArrayEquals(
          new double[] {0.1, 0.05, 0.1 / 3}, learningRates(estimator.fit(train, null, 3)), 1e-7);
    }
    try (Estimator estimator =
        Estimators.sgd(1f)
            .handlerTypes(LearningRateScheduler.class)
            .modules(
                binder ->
                    binder
                        .bind(Tracker.class)
                        .annotatedWith(Names.named("fitkit.learning-rate-scheduler.schedule"))
                        .toInstance(Tracker.fixed(0.25f)))
            .build()) {
      assertArrayEquals(
          new double[] {0.25, 0.25}, learningRates(estimator.fit(train, null, 2)), 1e-7);
    }
  }

  @Test
  void guiceSettingsAreChecked() {
    String m =
        assertThrows(
                FitConfigurationException.class,
                () ->
                    Estimators.sgd(1f)
                        .handlerTypes(LearningRateScheduler.class)
                        .build()
                        .fit(train, null, 1))
            .getMessage();
    assertTrue(
        m.contains(
            "Handler fitkit.learning-rate-scheduler needs the option"
                + " fitkit.learning-rate-scheduler.schedule: bind it in a module passed to"
                + " Estimator.builder().modules(...), e.g."
                + " binder.bind(IntToDoubleFunction.class).annotatedWith(Names.named(\"fitkit.learning-rate-scheduler.schedule\")).toInstance(epoch"
                + " -> 0.1 / (1 + epoch))"),
        m);
    m =
        assertThrows(
                FitConfigurationException.class,
                () ->
                    Estimators.sgd(1f)
                        .handlerTypes(LearningRateScheduler.class)
                        .modules(
                            binder ->
                                binder
                                    .bind(new TypeLiteral<java.util.List<String>>() {})
                                    .annotatedWith(
                                        Names.named("fitkit.learning-rate-scheduler.schedule"))
                                    .toInstance(java.util.List.of("0.1")))
                        .build()
                        .fit(train, null, 1))
            .getMessage();
    assertTrue(
        m.contains(
            "The option fitkit.learning-rate-scheduler.schedule must be an IntToDoubleFunction"
                + " (epoch -> learning rate) or a DJL Tracker (update -> learning rate), got"
                + " java.util.ImmutableCollections$List12"),
        m);
  }

  @Test
  void needsALearningRateItCanChange() {
    Tracker fixed = Tracker.fixed(0.1f);
    try (Estimator estimator =
        Estimator.builder()
            .block(Nets.mlp())
            .loss(Loss.softmaxCrossEntropyLoss())
            .optimizer(Optimizer.sgd().setLearningRateTracker(fixed).build())
            .discoverHandlers(false)
            .handlers(LearningRateScheduler.perEpoch(epoch -> 0.1))
            .build()) {
      String m =
          assertThrows(FitConfigurationException.class, () -> estimator.fit(train, null, 1))
              .getMessage();
      assertEquals(
          "Handler fitkit.learning-rate-scheduler changes the learning rate, but the estimator has"
              + " no LearningRate to change: build the optimizer with a LearningRate and pass it to"
              + " Estimator.builder().learningRate(lr), e.g. LearningRate lr ="
              + " LearningRate.fixed(0.01f); Optimizer.sgd().setLearningRateTracker(lr).build()."
              + " (Without an optimizer, the estimator's default Adam has one.)",
          m);
    }
  }

  @Test
  void badSchedulesSayWhatIsAllowed() {
    try (Estimator estimator =
        Estimators.sgd(1f)
            .handlers(LearningRateScheduler.perEpoch(epoch -> epoch == 1 ? Double.NaN : 0.1))
            .build()) {
      String m =
          assertThrows(FitConfigurationException.class, () -> estimator.fit(train, null, 3))
              .getMessage();
      assertEquals(
          "The learning rate schedule gave NaN for epoch 1: it must return a finite number, 0 or"
              + " more",
          m);
    }
    assertEquals(
        "perEpoch needs a schedule: epoch -> learning rate",
        assertThrows(IllegalArgumentException.class, () -> LearningRateScheduler.perEpoch(null))
            .getMessage());
    assertEquals(
        "perStep needs a schedule: a DJL Tracker such as Tracker.cosine()...build()",
        assertThrows(IllegalArgumentException.class, () -> LearningRateScheduler.perStep(null))
            .getMessage());
  }
}

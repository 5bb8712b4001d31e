package dev.fitkit.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.dataset.Dataset;
import dev.fitkit.Budget;
import dev.fitkit.Estimator;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.FitResult;
import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.annotations.Priority;
import dev.fitkit.event.FitEvent;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.Estimators;
import dev.fitkit.testing.RunDump;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EMA and SWA in real fits of 64 points in batches of 16 (4 steps an epoch). */
class WeightAveragingTest {
  private NDManager manager;
  @TempDir Path dir;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private Dataset train() {
    return Blobs.dataset(manager, 64, 16, 1, true);
  }

  private Dataset validation() {
    return Blobs.dataset(manager, 32, 16, 2);
  }

  @Test
  void theEmaOfEveryStepsWeightsEndsInTheNetwork() {
    Recorder steps = new Recorder();
    float[] trained;
    float[] averaged;
    try (Estimator estimator =
        Estimators.resumableAdam(0.05f).seed(3).handlers(WeightAveraging.ema(0.5), steps).build()) {
      estimator.fit(train(), 2);
      trained = steps.weights.get(steps.weights.size() - 1);
      averaged = first(estimator);
    }
    assertEquals(8, steps.weights.size(), "one record per step");
    double[] expected = new double[trained.length];
    for (int j = 0; j < expected.length; j++) {
      expected[j] = steps.weights.get(0)[j];
    }
    for (float[] w : steps.weights.subList(1, steps.weights.size())) {
      for (int j = 0; j < expected.length; j++) {
        expected[j] = 0.5 * expected[j] + 0.5 * w[j];
      }
    }
    for (int j = 0; j < expected.length; j++) {
      assertEquals(expected[j], averaged[j], 1e-5, "weight " + j);
    }
    assertFalse(java.util.Arrays.equals(trained, averaged), "the average, not the last weights");
  }

  @Test
  void swaIsTheMeanOfTheEpochEndWeightsFromItsStartEpoch() {
    Recorder epochs = new Recorder();
    float[] averaged;
    try (Estimator estimator =
        Estimators.resumableAdam(0.05f).seed(3).handlers(WeightAveraging.swa(1), epochs).build()) {
      estimator.fit(train(), 4);
      averaged = first(estimator);
    }
    List<float[]> ends = epochs.epochEnds;
    assertEquals(4, ends.size());
    for (int j = 0; j < averaged.length; j++) {
      double mean = (ends.get(1)[j] + ends.get(2)[j] + ends.get(3)[j]) / 3.0;
      assertEquals(mean, averaged[j], 1e-5, "weight " + j);
    }
  }

  @Test
  void validationOnTheAverageScoresWhatTheNetworkHoldsAfterTheRun() {
    try (Estimator estimator =
        Estimators.resumableAdam(0.05f)
            .seed(3)
            .handlers(WeightAveraging.ema(0.8).validateAveraged(true))
            .build()) {
      FitResult result = estimator.fit(train(), validation(), Budget.epochs(2));
      double lastPass = result.history().last().metric("validation loss");
      double now = estimator.evaluate(validation()).get("validation loss");
      assertEquals(lastPass, now, 1e-6, "the last pass ran on the average now in the network");
    }
    try (Estimator estimator =
        Estimators.resumableAdam(0.05f).seed(3).handlers(WeightAveraging.ema(0.8)).build()) {
      FitResult result = estimator.fit(train(), validation(), Budget.epochs(2));
      double lastPass = result.history().last().metric("validation loss");
      double now = estimator.evaluate(validation()).get("validation loss");
      assertTrue(Math.abs(lastPass - now) > 1e-6, "without it, passes ran on the trained weights");
    }
  }

  @Test
  void aRunResumedMidEpochAveragesExactlyAsAnUninterruptedOne() {
    RunDump straight;
    try (Estimator estimator = averaging().build()) {
      FitResult result = estimator.fit(train(), validation(), Budget.epochs(3));
      straight = RunDump.of(estimator.model().getBlock(), result.history());
    }
    try (Estimator estimator = averaging().handlers(new CheckpointHandler(dir)).build()) {
      estimator.fit(train(), validation(), Budget.batches(6));
    }
    try (Estimator estimator = averaging().handlers(new CheckpointHandler(dir)).build()) {
      FitResult result = estimator.resume(dir, train(), validation(), Budget.epochs(3));
      straight.assertSameAs(RunDump.of(estimator.model().getBlock(), result.history()));
    }
  }

  /**
   * A failure in an epoch end's validation pass: the resume runs that epoch's end again, whose SWA
   * update the checkpoint already holds, and its pass needs the average before any step.
   */
  @Test
  void aResumeThatBeginsWithAnEpochsEndCountsItsWeightsOnce() {
    RunDump straight;
    try (Estimator estimator = swaOnAverage().build()) {
      FitResult result = estimator.fit(train(), validation(), Budget.epochs(3));
      straight = RunDump.of(estimator.model().getBlock(), result.history());
    }
    try (Estimator estimator =
        swaOnAverage()
            .handlers(
                new CheckpointHandler(dir), new dev.fitkit.testing.FailAtValidationBatch(1, 1))
            .build()) {
      assertThrows(
          RuntimeException.class, () -> estimator.fit(train(), validation(), Budget.epochs(3)));
    }
    try (Estimator estimator = swaOnAverage().handlers(new CheckpointHandler(dir)).build()) {
      FitResult result = estimator.resume(dir, train(), validation(), Budget.epochs(3));
      straight.assertSameAs(RunDump.of(estimator.model().getBlock(), result.history()));
    }
  }

  private static Estimator.Builder swaOnAverage() {
    return Estimators.resumableAdam(0.05f)
        .seed(3)
        .handlers(new HistoryHandler(true), WeightAveraging.swa(0).validateAveraged(true));
  }

  private static Estimator.Builder averaging() {
    return Estimators.resumableAdam(0.05f)
        .seed(3)
        .handlers(new HistoryHandler(true), WeightAveraging.ema(0.7).validateAveraged(true));
  }

  @Test
  void wrongSettingsAndSeveralDevicesAreRefused() {
    assertEquals(
        "ema needs a decay between 0 and 1, e.g. 0.999, not 1.0",
        assertThrows(IllegalArgumentException.class, () -> WeightAveraging.ema(1)).getMessage());
    assertEquals(
        "swa needs a start epoch of 0 or more, not -1",
        assertThrows(IllegalArgumentException.class, () -> WeightAveraging.swa(-1)).getMessage());
    assertEquals("EMA, decay 0.5", WeightAveraging.ema(0.5).toString());
    assertEquals("SWA from epoch 2", WeightAveraging.swa(2).toString());
    assertEquals(0, WeightAveraging.swa(2).updates());
    try (Estimator estimator =
        Estimators.resumableAdam(0.05f)
            .devices(ai.djl.Device.gpu(0), ai.djl.Device.gpu(1))
            .handlers(WeightAveraging.ema(0.9))
            .build()) {
      assertEquals(
          "WeightAveraging works on one device, but the fit runs on [gpu(0), gpu(1)]: DJL keeps a"
              + " copy of each parameter per device, which swapping the average in could not"
              + " reach. Train on one device.",
          assertThrows(FitConfigurationException.class, () -> estimator.fit(train(), 1))
              .getMessage());
    }
  }

  @Test
  void aRestoredStateIsIgnoredByAFitThatDoesNotResume() {
    WeightAveraging averaging = WeightAveraging.ema(0.5);
    averaging.restoreState(
        new WeightAveraging.State(
            3, 7, List.of(java.util.Base64.getEncoder().encodeToString(new byte[3]))));
    try (Estimator estimator = Estimators.resumableAdam(0.05f).handlers(averaging).build()) {
      estimator.fit(train(), null, Budget.batches(1));
    }
    // Not resumed: the fit started afresh and ignored the restored state.
    assertEquals(1, averaging.updates());
  }

  @Test
  void itIsBuiltFromOptionsAndSaysWhichOneIsMissing() {
    try (Estimator estimator =
        Estimators.resumableAdam(0.05f)
            .seed(3)
            .handlerTypes(WeightAveraging.class)
            .modules(
                binder -> {
                  binder
                      .bindConstant()
                      .annotatedWith(
                          com.google.inject.name.Names.named("fitkit.weight-averaging.mode"))
                      .to("swa");
                  binder
                      .bindConstant()
                      .annotatedWith(
                          com.google.inject.name.Names.named("fitkit.weight-averaging.start-epoch"))
                      .to(1);
                })
            .build()) {
      estimator.fit(train(), 3);
      assertTrue(
          estimator
              .listenerOrder(dev.fitkit.event.EventKind.EPOCH_END)
              .contains("fitkit.weight-averaging#afterEpoch"));
    }
    try (Estimator estimator =
        Estimators.resumableAdam(0.05f).handlerTypes(WeightAveraging.class).build()) {
      String m =
          assertThrows(FitConfigurationException.class, () -> estimator.fit(train(), 1))
              .getMessage();
      assertTrue(m.contains("needs the option fitkit.weight-averaging.mode"), m);
    }
  }

  private static float[] first(Estimator estimator) {
    Parameter p = estimator.model().getBlock().getParameters().valueAt(0);
    return p.getArray().toFloatArray();
  }

  /** The first parameter's values after every optimizer step and at every epoch end. */
  @FitHandler(id = "test.weights", autoLoad = false)
  static final class Recorder {
    final List<float[]> weights = new ArrayList<>();
    final List<float[]> epochEnds = new ArrayList<>();

    @OnBatchEnd(priority = Priority.GRADIENT_UPDATE + 2)
    void step(FitEvent event) {
      weights.add(firstOf(event));
    }

    @OnEpochEnd(priority = Priority.GRADIENT_UPDATE + 2)
    void epoch(FitEvent event) {
      epochEnds.add(firstOf(event));
    }

    private static float[] firstOf(FitEvent event) {
      return event
          .context()
          .model()
          .getBlock()
          .getParameters()
          .valueAt(0)
          .getArray()
          .toFloatArray();
    }
  }
}

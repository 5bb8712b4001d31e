package dev.fitkit.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Dataset;
import com.google.gson.Gson;
import com.google.inject.Module;
import com.google.inject.name.Names;
import dev.fitkit.Budget;
import dev.fitkit.Estimator;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.FitResult;
import dev.fitkit.Outcome;
import dev.fitkit.StopReason;
import dev.fitkit.handlers.support.Numbers;
import dev.fitkit.metric.Monitor;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.Estimators;
import dev.fitkit.testing.LogCapture;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Early stopping inside real fits. The validation set has every label moved to the next class, so
 * the better the network learns, the higher the validation loss: it rises from epoch 0 on.
 */
class EarlyStoppingHandlerTest {
  private static final String ID = "fitkit.early-stopping";
  private static final long AT_EPOCH_END = -1; // a stop asked at epoch end names no batch

  private NDManager manager;
  private Dataset train;
  private Dataset rising;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
    Engine.getInstance().setRandomSeed(7);
    train = Blobs.dataset(manager, 120, 16, 1);
    rising = Blobs.flipped(manager, 60, 30, 2);
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private static Estimator.Builder estimator() {
    return Estimators.adam(0.02f);
  }

  private static EarlyStoppingHandler.Builder onValidationLoss() {
    return EarlyStoppingHandler.builder().monitor("validation loss").mode(Monitor.Mode.MIN);
  }

  @Test
  void patienceZeroStopsAtTheFirstEpochWhoseValidationLossRises() {
    EarlyStoppingHandler handler = onValidationLoss().patience(0).build();
    try (Estimator estimator = estimator().handlers(handler).build()) {
      FitResult result = estimator.fit(train, rising, 10);

      double[] loss = result.history().series("validation loss");
      assertEquals(Outcome.STOPPED, result.outcome());
      assertEquals(2, result.history().size(), "epoch 1 (index 1) is the last one");
      assertTrue(loss[1] > loss[0], "the validation loss rose: " + List.of(loss[0], loss[1]));
      String reason =
          "validation loss did not improve on "
              + Numbers.format(loss[0])
              + " for 1 epoch (patience 0)";
      assertEquals(List.of(new StopReason(ID, 1, AT_EPOCH_END, reason)), result.stopReasons());
      assertEquals(
          "fitkit.early-stopping at epoch 1: " + reason, result.stopReasons().get(0).toString());
      assertEquals(new EarlyStoppingHandler.State(1, loss[0], 0, 1), handler.saveState());

      FitResult again = estimator.fit(train, rising, 10);
      assertEquals(
          1, again.stopReasons().get(0).epoch(), "a reused instance starts afresh each fit");
    }
  }

  @Test
  void patienceCountsTheEpochsWithoutImprovement() {
    try (Estimator estimator =
        estimator().handlers(onValidationLoss().patience(2).minDelta(0.01).build()).build()) {
      FitResult result = estimator.fit(train, rising, 10);

      double best = result.history().series("validation loss")[0];
      assertEquals(3, result.history().size());
      assertEquals(
          List.of(
              new StopReason(
                  ID,
                  2,
                  AT_EPOCH_END,
                  "validation loss did not improve on "
                      + Numbers.format(best)
                      + " by more than 0.01 for 2 epochs (patience 2)")),
          result.stopReasons());
    }
  }

  @Test
  void restoresTheBestWeightsInPlaceWhenItStops() {
    try (LogCapture log = new LogCapture(EarlyStoppingHandler.class);
        Estimator estimator =
            estimator()
                .handlers(onValidationLoss().patience(1).restoreBestWeights(true).build())
                .build()) {
      FitResult result = estimator.fit(train, rising, 10);

      double[] loss = result.history().series("validation loss");
      assertEquals(2, result.history().size());
      // The trainer itself sees epoch 0's weights again, not only the model's block.
      assertEquals(loss[0], estimator.evaluate(rising).get("validation loss"), 1e-6);
      assertEquals(
          List.of(
              "INFO Restored the weights of epoch 0, the best validation loss: "
                  + Numbers.format(loss[0])),
          log.lines());

      FitResult more = estimator.fit(train, rising, 2);
      double[] trainLoss = more.history().series("train loss");
      assertTrue(
          trainLoss[1] < trainLoss[0],
          "training goes on from the restored weights: " + List.of(trainLoss[0], trainLoss[1]));
    }
  }

  @Test
  void restoresTheBestWeightsAtTrainEndWhenTheBudgetRunsOut() {
    try (Estimator estimator =
        estimator()
            .handlers(onValidationLoss().patience(10).restoreBestWeights(true).build())
            .build()) {
      FitResult result = estimator.fit(train, rising, 3);

      assertEquals(Outcome.COMPLETED, result.outcome());
      double[] loss = result.history().series("validation loss");
      assertTrue(loss[2] > loss[0]);
      assertEquals(loss[0], estimator.evaluate(rising).get("validation loss"), 1e-6);
    }
    try (Estimator estimator =
        estimator().handlers(onValidationLoss().patience(10).build()).build()) {
      FitResult result = estimator.fit(train, rising, 3);
      assertEquals(
          result.history().last().metric("validation loss"),
          estimator.evaluate(rising).get("validation loss"),
          1e-6,
          "without restoreBestWeights the last weights stay");
    }
  }

  @Test
  void stopsWhenTheBaselineIsNotBeatenWithinPatience() {
    EarlyStoppingHandler handler =
        EarlyStoppingHandler.builder().monitor("train loss").baseline(1e-4).patience(2).build();
    try (Estimator estimator = estimator().handlers(handler).build()) {
      FitResult result = estimator.fit(train, null, 10);

      double[] loss = result.history().series("train loss");
      assertEquals(2, loss.length, "the loss improves, but never beats the baseline");
      assertTrue(loss[1] < loss[0]);
      assertEquals(
          List.of(
              new StopReason(
                  ID,
                  1,
                  AT_EPOCH_END,
                  "train loss did not beat the baseline 0.0001 within"
                      + " 2 epochs (best "
                      + Numbers.format(loss[1])
                      + ", patience 2)")),
          result.stopReasons());
    }
  }

  @Test
  void ignoresTheEpochsBeforeStartFromEpoch() {
    try (Estimator estimator =
        estimator().handlers(onValidationLoss().startFromEpoch(2).build()).build()) {
      FitResult result = estimator.fit(train, rising, 10);

      double[] loss = result.history().series("validation loss");
      assertEquals(4, loss.length, "epoch 2 is the first watched, epoch 3 the first worse");
      assertEquals(
          "validation loss did not improve on "
              + Numbers.format(loss[2])
              + " for 1 epoch (patience 0)",
          result.stopReasons().get(0).reason());
    }
  }

  @Test
  void stopsAsSoonAsTheStoppingThresholdIsReached() {
    EarlyStoppingHandler handler =
        EarlyStoppingHandler.builder()
            .monitor("train accuracy")
            .patience(100)
            .stoppingThreshold(0.9)
            .build();
    try (Estimator estimator = estimator().handlers(handler).build()) {
      FitResult result = estimator.fit(train, null, 20);

      double[] accuracy = result.history().series("train accuracy");
      int last = accuracy.length - 1;
      assertTrue(last > 0 && accuracy[last] >= 0.9, List.of(accuracy).toString());
      assertTrue(
          DoubleStream.of(accuracy).limit(last).allMatch(a -> a < 0.9),
          "no earlier epoch reached it");
      assertEquals(
          List.of(
              new StopReason(
                  ID,
                  last,
                  AT_EPOCH_END,
                  "train accuracy "
                      + Numbers.format(accuracy[last])
                      + " reached the stopping threshold 0.9")),
          result.stopReasons());
    }
  }

  @Test
  void stopsAsSoonAsTheValueIsWorseThanTheDivergenceThreshold() {
    try (Estimator estimator =
        estimator()
            .handlers(onValidationLoss().patience(100).divergenceThreshold(7).build())
            .build()) {
      FitResult result = estimator.fit(train, rising, 20);

      double[] loss = result.history().series("validation loss");
      int last = loss.length - 1;
      assertTrue(
          loss[last] > 7 && DoubleStream.of(loss).limit(last).allMatch(l -> l <= 7),
          List.of(loss).toString());
      assertEquals(
          "validation loss "
              + Numbers.format(loss[last])
              + " is worse than the divergence threshold 7",
          result.stopReasons().get(0).reason());
    }
  }

  @Test
  void stopsOnANaNValue() {
    EarlyStoppingHandler handler =
        EarlyStoppingHandler.builder().monitor("train loss").patience(5).build();
    try (Estimator estimator =
        estimator().handlers(handler, new TerminateOnNaN(TerminateOnNaN.Action.CONTINUE)).build()) {
      FitResult result = estimator.fit(Blobs.withNaN(manager, 120, 16, 1, 50), null, 10);

      assertEquals(
          List.of(new StopReason(ID, 0, AT_EPOCH_END, "train loss is NaN")), result.stopReasons());
    }
  }

  @Test
  void skipsEpochsWithoutAValidationPass() {
    try (Estimator estimator =
        estimator()
            .handlers(new ValidationHandler(2), onValidationLoss().patience(0).build())
            .build()) {
      FitResult result = estimator.fit(train, rising, 10);

      // Validated after epochs 1 and 3; epoch 2 still shows epoch 1's value and must not count.
      assertEquals(4, result.history().size());
      assertEquals(3, result.stopReasons().get(0).epoch());
      assertEquals(
          "validation loss did not improve on "
              + Numbers.format(result.history().epochs().get(1).metric("validation loss"))
              + " for 1 epoch (patience 0)",
          result.stopReasons().get(0).reason());
    }
  }

  @Test
  void isConfiguredThroughGuice() {
    try (Estimator estimator =
        estimator()
            .handlerTypes(EarlyStoppingHandler.class)
            .modules(
                binder ->
                    binder
                        .bindConstant()
                        .annotatedWith(Names.named("fitkit.early-stopping.monitor"))
                        .to("validation loss"))
            .build()) {
      FitResult result = estimator.fit(train, rising, 10);
      assertEquals(
          1, result.stopReasons().get(0).epoch(), "the defaults: patience 0, mode from the name");
    }
    try (Estimator estimator =
        estimator()
            .handlerTypes(EarlyStoppingHandler.class)
            .modules(
                binder -> {
                  binder
                      .bindConstant()
                      .annotatedWith(Names.named("fitkit.early-stopping.monitor"))
                      .to("validation loss");
                  binder
                      .bindConstant()
                      .annotatedWith(Names.named("fitkit.early-stopping.mode"))
                      .to("min");
                  binder
                      .bindConstant()
                      .annotatedWith(Names.named("fitkit.early-stopping.patience"))
                      .to("2");
                  binder
                      .bindConstant()
                      .annotatedWith(Names.named("fitkit.early-stopping.min-delta"))
                      .to(0.0);
                  binder
                      .bindConstant()
                      .annotatedWith(Names.named("fitkit.early-stopping.restore-best-weights"))
                      .to(true);
                  binder
                      .bindConstant()
                      .annotatedWith(Names.named("fitkit.early-stopping.start-from-epoch"))
                      .to(0);
                  binder
                      .bindConstant()
                      .annotatedWith(Names.named("fitkit.early-stopping.divergence-threshold"))
                      .to(1000.0);
                })
            .build()) {
      FitResult result = estimator.fit(train, rising, 10);
      assertEquals(2, result.stopReasons().get(0).epoch());
      assertEquals(
          result.history().epochs().get(0).metric("validation loss"),
          estimator.evaluate(rising).get("validation loss"),
          1e-6);
    }
  }

  /** The message of the configuration error that fitting with these Guice settings raises. */
  private String failureWith(Module settings) {
    return assertThrows(
            FitConfigurationException.class,
            () ->
                estimator()
                    .handlerTypes(EarlyStoppingHandler.class)
                    .modules(settings)
                    .build()
                    .fit(train, rising, 2))
        .getMessage();
  }

  @Test
  void guiceSettingsAreChecked() {
    String m =
        failureWith(
            binder ->
                binder
                    .bindConstant()
                    .annotatedWith(Names.named("fitkit.early-stopping.patiense"))
                    .to(2));
    assertEquals(
        "Could not create handler dev.fitkit.handlers.EarlyStoppingHandler: Unknown option"
            + " fitkit.early-stopping.patiense: the options of fitkit.early-stopping are baseline,"
            + " divergence-threshold, min-delta, mode, monitor, patience, restore-best-weights,"
            + " start-from-epoch, stopping-threshold.",
        m);

    m =
        failureWith(
            binder ->
                binder
                    .bindConstant()
                    .annotatedWith(Names.named("fitkit.early-stopping.patience"))
                    .to("two"));
    assertEquals(
        "Could not create handler dev.fitkit.handlers.EarlyStoppingHandler: The option"
            + " fitkit.early-stopping.patience must be a whole number, got 'two'",
        m);

    m =
        failureWith(
            binder ->
                binder
                    .bindConstant()
                    .annotatedWith(Names.named("fitkit.early-stopping.patience"))
                    .to(-3));
    assertEquals(
        "Could not create handler dev.fitkit.handlers.EarlyStoppingHandler: patience must be 0 or"
            + " more (epochs without improvement before stopping), got -3",
        m);
  }

  @Test
  void invalidOptionsSayWhatIsAllowed() {
    assertEquals(
        "patience must be 0 or more (epochs without improvement before stopping), got -1",
        assertThrows(
                IllegalArgumentException.class,
                () -> EarlyStoppingHandler.builder().patience(-1).build())
            .getMessage());
    assertEquals(
        "minDelta must be a finite number, 0 or more (a distance: the mode gives the direction),"
            + " got -0.1",
        assertThrows(
                IllegalArgumentException.class,
                () -> EarlyStoppingHandler.builder().minDelta(-0.1).build())
            .getMessage());
    assertEquals(
        "startFromEpoch must be 0 or more (the first epoch to monitor), got -2",
        assertThrows(
                IllegalArgumentException.class,
                () -> EarlyStoppingHandler.builder().startFromEpoch(-2).build())
            .getMessage());
    assertEquals(
        "baseline must be a finite number (or Double.NaN for none), got Infinity",
        assertThrows(
                IllegalArgumentException.class,
                () -> EarlyStoppingHandler.builder().baseline(Double.POSITIVE_INFINITY).build())
            .getMessage());
    assertEquals(
        "Cannot tell whether 'validation f-measure' should go up or down: pass Mode.MIN (losses,"
            + " errors) or Mode.MAX (accuracies, scores) instead of Mode.AUTO",
        assertThrows(
                IllegalArgumentException.class,
                () -> EarlyStoppingHandler.builder().monitor("validation f-measure").build())
            .getMessage());
  }

  @Test
  void aValidationMetricNeedsValidationData() {
    try (Estimator estimator = estimator().handlers(onValidationLoss().build()).build()) {
      String m =
          assertThrows(FitConfigurationException.class, () -> estimator.fit(train, null, 2))
              .getMessage();
      assertEquals(
          "Handler fitkit.early-stopping monitors 'validation loss', but the fit has no validation"
              + " data: pass a validation dataset to fit(train, validation, epochs), or monitor a"
              + " training metric such as 'train loss'.",
          m);
    }
  }

  @Test
  void anUnknownMetricFailsBeforeTheFirstBatchNamingTheOnesThatWillExist() {
    CountsBatches counter = new CountsBatches();
    try (Estimator estimator =
        estimator()
            .handlers(
                counter,
                EarlyStoppingHandler.builder()
                    .monitor("validation los")
                    .mode(Monitor.Mode.MIN)
                    .build())
            .build()) {
      String m =
          assertThrows(FitConfigurationException.class, () -> estimator.fit(train, rising, 2))
              .getMessage();
      assertEquals(
          "Handler fitkit.early-stopping monitors 'validation los', which this fit will not"
              + " publish; its metrics will be [train loss, train accuracy, validation loss,"
              + " validation accuracy]. Check the spelling and the phase prefix ('train ' or"
              + " 'validation '); a metric your own handler publishes with putMetric must be"
              + " declared first: event.context().declareMetric(\"<name>\") at train begin, at a"
              + " priority below this handler's.",
          m);
      assertEquals(0, counter.batches, "no batch was trained");
    }
  }

  @Test
  void aMetricAHandlerDeclaresAtTrainBeginCanBeMonitored() {
    try (Estimator estimator =
        estimator()
            .handlers(
                new PublishesMargin(),
                EarlyStoppingHandler.builder()
                    .monitor("train margin")
                    .mode(Monitor.Mode.MAX)
                    .patience(1)
                    .build())
            .build()) {
      FitResult result = estimator.fit(train, rising, 3);
      assertEquals(Outcome.STOPPED, result.outcome(), "a margin that never grows stops the run");
    }
  }

  /** Declares "train margin" at train begin and publishes a constant one at each epoch end. */
  @dev.fitkit.annotations.FitHandler(id = "test.margin", autoLoad = false)
  static final class PublishesMargin {
    @dev.fitkit.annotations.OnTrainBegin(priority = -1)
    void start(dev.fitkit.event.TrainBegin event) {
      event.context().declareMetric("train margin");
    }

    @dev.fitkit.annotations.OnEpochEnd(priority = -1)
    void epochEnd(dev.fitkit.event.EpochEnd event) {
      event.context().putMetric("train margin", 1.0);
    }
  }

  @dev.fitkit.annotations.FitHandler(id = "test.counts-batches", autoLoad = false)
  static final class CountsBatches {
    int batches;

    @dev.fitkit.annotations.OnBatchBegin
    void count() {
      batches++;
    }
  }

  @Test
  void itsStateSurvivesJsonACheckpointAndAResumeAndResetsForANewFit(@TempDir Path dir) {
    EarlyStoppingHandler.State saved = new EarlyStoppingHandler.State(0, 0.0, 5, -1);
    Gson gson = new Gson();
    assertEquals(saved, gson.fromJson(gson.toJson(saved), EarlyStoppingHandler.State.class));
    EarlyStoppingHandler fresh = onValidationLoss().build();
    EarlyStoppingHandler.State none = fresh.saveState();
    assertEquals(new EarlyStoppingHandler.State(0, null, -1, -1), none);
    assertEquals(
        none,
        gson.fromJson(gson.toJson(none), EarlyStoppingHandler.State.class),
        "no best: null, not Infinity");
    assertEquals(EarlyStoppingHandler.State.class, fresh.stateType());

    List<StopReason> straight;
    try (Estimator estimator =
        Estimators.resumableAdam(0.02f)
            .seed(5)
            .handlers(onValidationLoss().patience(2).build())
            .build()) {
      straight = estimator.fit(train, rising, 10).stopReasons();
    }
    assertEquals(2, straight.get(0).epoch(), straight.toString());
    try (Estimator estimator =
        Estimators.resumableAdam(0.02f)
            .seed(5)
            .handlers(onValidationLoss().patience(2).build(), new CheckpointHandler(dir))
            .build()) {
      estimator.fit(train, rising, 2); // waited 1 epoch by then
    }
    EarlyStoppingHandler reused = onValidationLoss().patience(2).build();
    try (Estimator estimator = Estimators.resumableAdam(0.02f).seed(5).handlers(reused).build()) {
      assertEquals(
          straight,
          estimator.resume(dir, train, rising, Budget.epochs(10)).stopReasons(),
          "the wait went on from the checkpoint's");
    }
    reused.restoreState(saved); // a best of 0, which no loss beats: ignored by a fit that starts
    try (Estimator estimator = Estimators.resumableAdam(0.02f).seed(5).handlers(reused).build()) {
      assertEquals(
          straight,
          estimator.fit(train, rising, 10).stopReasons(),
          "a new fit with the same instance starts afresh");
    }
  }
}

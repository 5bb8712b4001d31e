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
import com.google.gson.Gson;
import com.google.inject.name.Names;
import dev.fitkit.EpochRecord;
import dev.fitkit.Estimator;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.FitResult;
import dev.fitkit.handlers.support.Numbers;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.Estimators;
import dev.fitkit.testing.LogCapture;
import dev.fitkit.testing.Nets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plateaus inside real fits. A minDelta of 100 makes every epoch after the first a plateau of the
 * training loss: no epoch improves on the best by that much.
 */
class ReduceLROnPlateauTest {
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

  private static ReduceLROnPlateau.Builder plateau() {
    return ReduceLROnPlateau.builder().monitor("train loss").patience(0).minDelta(100).factor(0.5);
  }

  @Test
  void scalesTheRateByTheFactorDownToMinLr() {
    try (LogCapture log = new LogCapture(ReduceLROnPlateau.class);
        Estimator estimator =
            Estimators.sgd(0.1f).handlers(plateau().minLr(0.03).build()).build()) {
      FitResult result = estimator.fit(train, null, 5);

      // Each epoch's record holds the rate it trained with; a reduction at its end shows in the
      // next.
      assertArrayEquals(new double[] {0.1, 0.1, 0.05, 0.03, 0.03}, learningRates(result), 1e-7);
      double best = result.history().epochs().get(0).metric("train loss");
      assertEquals(
          List.of(
              "INFO train loss did not improve on "
                  + Numbers.format(best)
                  + " for 1 epoch (patience 0) at epoch 1:"
                  + " learning rate 0.1 -> 0.05",
              "INFO train loss did not improve on "
                  + Numbers.format(best)
                  + " for 1 epoch (patience 0) at epoch 2:"
                  + " learning rate 0.05 -> 0.03 (minLr)"),
          log.lines());
    }
  }

  @Test
  void watchesTheValidationLossByDefault() {
    ReduceLROnPlateau handler = ReduceLROnPlateau.builder().patience(1).factor(0.5).build();
    assertEquals(
        "ReduceLROnPlateau(validation loss (min), factor 0.5, patience 1)", handler.toString());
    try (Estimator estimator = Estimators.adam(0.02f).handlers(handler).build()) {
      // The labels of this validation set are wrong, so its loss rises as the network learns.
      FitResult result = estimator.fit(train, Blobs.flipped(manager, 30, 15, 2), 4);
      assertArrayEquals(new double[] {0.02, 0.02, 0.01, 0.005}, learningRates(result), 1e-7);
    }
  }

  @Test
  void cooldownEpochsDoNotCount() {
    try (Estimator estimator =
        Estimators.sgd(0.1f).handlers(plateau().cooldown(1).build()).build()) {
      FitResult result = estimator.fit(train, null, 6);
      assertArrayEquals(
          new double[] {0.1, 0.1, 0.05, 0.05, 0.025, 0.025}, learningRates(result), 1e-7);
    }
  }

  @Test
  void improvingEpochsRestartThePatience() {
    ReduceLROnPlateau handler =
        ReduceLROnPlateau.builder().monitor("train loss").patience(2).minDelta(0).build();
    try (Estimator estimator = Estimators.adam(0.02f).handlers(handler).build()) {
      FitResult result = estimator.fit(train, null, 4);
      double[] loss = result.history().series("train loss");
      assertTrue(
          loss[3] < loss[2] && loss[2] < loss[1] && loss[1] < loss[0], List.of(loss).toString());
      assertArrayEquals(
          new double[] {0.02, 0.02, 0.02, 0.02},
          learningRates(result),
          1e-7,
          "a falling loss is no plateau");
      assertEquals(new ReduceLROnPlateau.State(0, loss[3], 0), handler.saveState());
    }
  }

  @Test
  void scalesUnderASchedule() {
    try (Estimator estimator =
        Estimators.sgd(1f)
            .handlers(LearningRateScheduler.perEpoch(epoch -> 0.2), plateau().build())
            .build()) {
      assertArrayEquals(
          new double[] {0.2, 0.2, 0.1, 0.05}, learningRates(estimator.fit(train, null, 4)), 1e-7);
    }
  }

  @Test
  void isConfiguredThroughGuice() {
    try (Estimator estimator =
        Estimators.sgd(0.1f)
            .handlerTypes(ReduceLROnPlateau.class)
            .modules(
                binder -> {
                  binder
                      .bindConstant()
                      .annotatedWith(Names.named("fitkit.reduce-lr-on-plateau.monitor"))
                      .to("train loss");
                  binder
                      .bindConstant()
                      .annotatedWith(Names.named("fitkit.reduce-lr-on-plateau.mode"))
                      .to("min");
                  binder
                      .bindConstant()
                      .annotatedWith(Names.named("fitkit.reduce-lr-on-plateau.patience"))
                      .to(0);
                  binder
                      .bindConstant()
                      .annotatedWith(Names.named("fitkit.reduce-lr-on-plateau.min-delta"))
                      .to(100.0);
                  binder
                      .bindConstant()
                      .annotatedWith(Names.named("fitkit.reduce-lr-on-plateau.factor"))
                      .to("0.5");
                  binder
                      .bindConstant()
                      .annotatedWith(Names.named("fitkit.reduce-lr-on-plateau.cooldown"))
                      .to(0);
                  binder
                      .bindConstant()
                      .annotatedWith(Names.named("fitkit.reduce-lr-on-plateau.min-lr"))
                      .to(0.0);
                })
            .build()) {
      assertArrayEquals(
          new double[] {0.1, 0.1, 0.05}, learningRates(estimator.fit(train, null, 3)), 1e-7);
    }
  }

  @Test
  void itsStateSurvivesJsonAndAResumeAndResetsForANewFit(@TempDir Path dir) {
    ReduceLROnPlateau handler =
        ReduceLROnPlateau.builder()
            .monitor("train loss")
            .patience(0)
            .minDelta(0)
            .factor(0.5)
            .build();
    assertEquals(new ReduceLROnPlateau.State(0, null, 0), handler.saveState());
    ReduceLROnPlateau.State saved = new ReduceLROnPlateau.State(0, 0.0, 0);
    Gson gson = new Gson();
    assertEquals(saved, gson.fromJson(gson.toJson(saved), handler.stateType()));
    handler.restoreState(saved);
    try (Estimator estimator = Estimators.sgd(0.1f).handlers(handler).build()) {
      // A fit that starts resets the counters: the restored best of 0 does not count.
      assertArrayEquals(
          new double[] {0.1, 0.1}, learningRates(estimator.fit(train, null, 2)), 1e-7);
    }

    ReduceLROnPlateau plateau = plateau().cooldown(1).build();
    double[] straight;
    try (Estimator estimator =
        Estimators.resumableAdam(0.1f).seed(4).handlers(plateau().cooldown(1).build()).build()) {
      straight = learningRates(estimator.fit(train, null, 5));
    }
    try (Estimator estimator =
        Estimators.resumableAdam(0.1f)
            .seed(4)
            .handlers(plateau().cooldown(1).build(), new CheckpointHandler(dir))
            .build()) {
      estimator.fit(train, null, 2);
    }
    try (Estimator estimator = Estimators.resumableAdam(0.1f).seed(4).handlers(plateau).build()) {
      assertArrayEquals(
          straight,
          learningRates(estimator.resume(dir, train, null, dev.fitkit.Budget.epochs(5))),
          "the rate's factor and the cooldown went on from the checkpoint's");
    }
  }

  @Test
  void invalidOptionsSayWhatIsAllowed() {
    assertEquals(
        "factor must be between 0 and 1, both excluded (it multiplies the learning rate on each"
            + " plateau), got 1.0",
        assertThrows(
                IllegalArgumentException.class, () -> ReduceLROnPlateau.builder().factor(1).build())
            .getMessage());
    assertEquals(
        "factor must be between 0 and 1, both excluded (it multiplies the learning rate on each"
            + " plateau), got 0.0",
        assertThrows(
                IllegalArgumentException.class, () -> ReduceLROnPlateau.builder().factor(0).build())
            .getMessage());
    assertEquals(
        "patience must be 0 or more (epochs without improvement before a reduction), got -1",
        assertThrows(
                IllegalArgumentException.class,
                () -> ReduceLROnPlateau.builder().patience(-1).build())
            .getMessage());
    assertEquals(
        "cooldown must be 0 or more (epochs to wait after a reduction), got -1",
        assertThrows(
                IllegalArgumentException.class,
                () -> ReduceLROnPlateau.builder().cooldown(-1).build())
            .getMessage());
    assertEquals(
        "minLr must be a finite number, 0 or more, got -1.0E-5",
        assertThrows(
                IllegalArgumentException.class,
                () -> ReduceLROnPlateau.builder().minLr(-1e-5).build())
            .getMessage());
    assertEquals(
        "minDelta must be a finite number, 0 or more (a distance: the mode gives the direction),"
            + " got NaN",
        assertThrows(
                IllegalArgumentException.class,
                () -> ReduceLROnPlateau.builder().minDelta(Double.NaN).build())
            .getMessage());
  }

  @Test
  void needsALearningRateItCanChange() {
    try (Estimator estimator =
        Estimator.builder()
            .block(Nets.mlp())
            .loss(Loss.softmaxCrossEntropyLoss())
            .optimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build())
            .discoverHandlers(false)
            .handlers(plateau().build())
            .build()) {
      String m =
          assertThrows(FitConfigurationException.class, () -> estimator.fit(train, null, 1))
              .getMessage();
      assertTrue(
          m.startsWith(
              "Handler fitkit.reduce-lr-on-plateau changes the learning rate, but the estimator has"
                  + " no LearningRate to change: build the optimizer with a LearningRate and pass"
                  + " it to Estimator.builder().learningRate(lr)"),
          m);
    }
  }
}

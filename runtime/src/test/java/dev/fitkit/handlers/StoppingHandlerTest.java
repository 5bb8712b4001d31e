package dev.fitkit.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Dataset;
import com.google.inject.name.Names;
import dev.fitkit.Budget;
import dev.fitkit.Estimator;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.FitResult;
import dev.fitkit.Outcome;
import dev.fitkit.StopReason;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.Estimators;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Epoch and batch caps inside real fits; 40 samples in batches of 16 make 3 batches an epoch. */
class StoppingHandlerTest {
  private static final String ID = "fitkit.stopping";

  private NDManager manager;
  private Dataset train;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
    Engine.getInstance().setRandomSeed(7);
    train = Blobs.dataset(manager, 40, 16, 1);
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  @Test
  void stopsAfterMaxEpochsWhateverTheBudget() {
    try (Estimator estimator =
        Estimators.adam(0.02f).handlers(StoppingHandler.maxEpochs(2)).build()) {
      FitResult result = estimator.fit(train, Blobs.dataset(manager, 20, 10, 2), 10);

      assertEquals(Outcome.STOPPED, result.outcome());
      assertEquals(2, result.history().size());
      assertEquals(
          List.of(new StopReason(ID, 1, -1, "reached max epochs 2")), result.stopReasons());
    }
  }

  @Test
  void stopsAfterMaxBatchesAcrossEpochs() {
    try (Estimator estimator =
        Estimators.adam(0.02f).handlers(StoppingHandler.maxBatches(5)).build()) {
      FitResult result = estimator.fit(train, null, Budget.batches(100));

      assertEquals(5, result.batches());
      assertEquals(2, result.epochs());
      assertEquals(
          List.of(new StopReason(ID, 1, 1, "reached max batches 5")), result.stopReasons());
    }
  }

  @Test
  void theFirstLimitReachedStops() {
    try (Estimator estimator =
        Estimators.adam(0.02f).handlers(new StoppingHandler(3, 100)).build()) {
      assertEquals(
          "reached max epochs 3", estimator.fit(train, null, 10).stopReasons().get(0).reason());
    }
    try (Estimator estimator =
        Estimators.adam(0.02f)
            .handlers(new StoppingHandler(StoppingHandler.UNLIMITED, 4))
            .build()) {
      FitResult result = estimator.fit(train, null, 10);
      assertEquals(4, result.batches());
      assertEquals("reached max batches 4", result.stopReasons().get(0).reason());
    }
  }

  @Test
  void isConfiguredThroughGuice() {
    try (Estimator estimator =
        Estimators.adam(0.02f)
            .handlerTypes(StoppingHandler.class)
            .modules(
                binder ->
                    binder
                        .bindConstant()
                        .annotatedWith(Names.named("fitkit.stopping.max-epochs"))
                        .to(1))
            .build()) {
      FitResult result = estimator.fit(train, null, 10);
      assertEquals(
          List.of(new StopReason(ID, 0, -1, "reached max epochs 1")), result.stopReasons());
    }
  }

  @Test
  void countsTheWholeRunAcrossAResume(@TempDir Path dir) {
    try (Estimator estimator =
        Estimators.adam(0.02f).handlers(new CheckpointHandler(dir)).seed(3).build()) {
      assertEquals(Outcome.COMPLETED, estimator.fit(train, null, 2).outcome());
    }
    try (Estimator estimator =
        Estimators.adam(0.02f).handlers(StoppingHandler.maxEpochs(3)).seed(3).build()) {
      FitResult result = estimator.resume(dir, train, null, Budget.epochs(10));
      assertEquals(3, result.history().size(), "two of three epochs ran before the resume");
      assertEquals(
          List.of(new StopReason(ID, 2, -1, "reached max epochs 3")), result.stopReasons());
      assertEquals(3, estimator.fit(train, null, 10).history().size(), "a new fit counts from 0");
    }
  }

  @Test
  void invalidLimitsSayWhatIsAllowed() {
    assertEquals(
        "maxEpochs must be positive, or StoppingHandler.UNLIMITED (0) for no limit; got -1",
        assertThrows(IllegalArgumentException.class, () -> new StoppingHandler(-1, 10))
            .getMessage());
    assertEquals(
        "maxBatches must be positive, or StoppingHandler.UNLIMITED (0) for no limit; got -5",
        assertThrows(IllegalArgumentException.class, () -> new StoppingHandler(1, -5))
            .getMessage());
    assertEquals(
        "A StoppingHandler without limits never stops: give maxEpochs, maxBatches or both",
        assertThrows(IllegalArgumentException.class, () -> new StoppingHandler(0, 0)).getMessage());
    assertEquals(
        "maxEpochs must be positive, got 0",
        assertThrows(IllegalArgumentException.class, () -> StoppingHandler.maxEpochs(0))
            .getMessage());
    assertEquals(
        "maxBatches must be positive, got -1",
        assertThrows(IllegalArgumentException.class, () -> StoppingHandler.maxBatches(-1))
            .getMessage());
    String m =
        assertThrows(
                FitConfigurationException.class,
                () ->
                    Estimators.adam(0.02f)
                        .handlerTypes(StoppingHandler.class)
                        .build()
                        .fit(train, null, 1))
            .getMessage();
    assertTrue(
        m.contains(
            "Handler fitkit.stopping needs the option fitkit.stopping.max-epochs (or max-batches,"
                + " or both): bind it in a module passed to Estimator.builder().modules(...), e.g."
                + " binder.bindConstant()"
                + ".annotatedWith(Names.named(\"fitkit.stopping.max-epochs\")).to(10)"),
        m);
  }
}

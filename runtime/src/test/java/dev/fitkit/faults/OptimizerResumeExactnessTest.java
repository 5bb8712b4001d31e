package dev.fitkit.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.fitkit.Budget;
import dev.fitkit.Estimator;
import dev.fitkit.FitResult;
import dev.fitkit.HandlerFailedException;
import dev.fitkit.Outcome;
import dev.fitkit.checkpoint.CheckpointStore;
import dev.fitkit.handlers.CheckpointHandler;
import dev.fitkit.handlers.HistoryHandler;
import dev.fitkit.optimizer.Adagrad;
import dev.fitkit.optimizer.AdamW;
import dev.fitkit.optimizer.Nag;
import dev.fitkit.optimizer.RmsProp;
import dev.fitkit.run.RunCodec;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.FailAtStep;
import dev.fitkit.testing.LogCapture;
import dev.fitkit.testing.Nets;
import dev.fitkit.testing.RunDump;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run of each saveable optimizer that fails mid-epoch and is resumed from its checkpoint ends
 * with the parameters and history, batch by batch, of an uninterrupted run with the same seed. 96
 * shuffled samples in batches of 8 make 12 batches an epoch; the failure is in epoch 1 of 3. The
 * learning rate decays at every step, so a step count that was not restored shows.
 */
class OptimizerResumeExactnessTest {
  private static final Tracker DECAYING = step -> 0.02f / (1 + 0.05f * step);

  @TempDir Path dir;
  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private ArrayDataset train() {
    return Blobs.dataset(manager, 96, 8, 1, true);
  }

  private static Estimator.Builder estimator(Optimizer optimizer, Object... handlers) {
    return Estimator.builder()
        .block(Nets.mlp())
        .loss(Loss.softmaxCrossEntropyLoss())
        .optimizer(optimizer)
        .seed(13)
        .discoverHandlers(false)
        .handlers(new HistoryHandler(true))
        .handlers(handlers);
  }

  private void resumesExactly(Supplier<Optimizer> optimizer) {
    RunDump straight;
    try (Estimator estimator = estimator(optimizer.get()).build()) {
      FitResult result = estimator.fit(train(), null, 3);
      straight = RunDump.of(estimator.model().getBlock(), result.history());
    }
    try (Estimator estimator =
        estimator(optimizer.get(), new CheckpointHandler(dir), new FailAtStep(17)).build()) {
      assertThrows(HandlerFailedException.class, () -> estimator.fit(train(), null, 3));
    }
    CheckpointStore.Saved saved = CheckpointStore.newestValid(dir);
    assertEquals(18, saved.checkpoint().run().stepsCompleted());
    assertNotNull(saved.checkpoint().optimizer(), "the checkpoint holds the optimizer's state");
    try (Estimator estimator = estimator(optimizer.get()).build()) {
      FitResult result = estimator.resume(dir, train(), null, Budget.epochs(3));
      assertEquals(Outcome.COMPLETED, result.outcome());
      straight.assertSameAs(RunDump.of(estimator.model().getBlock(), result.history()));
    }
  }

  @Test
  void adamW() {
    resumesExactly(() -> AdamW.builder().learningRate(DECAYING).build());
  }

  @Test
  void rmsProp() {
    resumesExactly(() -> RmsProp.builder().learningRate(DECAYING).optWeightDecays(1e-3f).build());
  }

  @Test
  void centeredRmsProp() {
    resumesExactly(
        () ->
            RmsProp.builder().learningRate(DECAYING).centered(true).optWeightDecays(1e-3f).build());
  }

  @Test
  void nag() {
    resumesExactly(
        () -> Nag.builder().learningRate(DECAYING).momentum(0.9f).optWeightDecays(1e-3f).build());
  }

  @Test
  void adagrad() {
    resumesExactly(() -> Adagrad.builder().learningRate(DECAYING).optWeightDecays(1e-3f).build());
  }

  @Test
  void djlsOwnOptimizerResumesWithAWarningThatNamesItsFitkitEquivalent() {
    try (Estimator estimator =
        estimator(AdamW.builder().build(), new CheckpointHandler(dir), new FailAtStep(17))
            .build()) {
      assertThrows(HandlerFailedException.class, () -> estimator.fit(train(), null, 3));
    }
    try (LogCapture log = new LogCapture(RunCodec.class);
        Estimator estimator = estimator(Optimizer.adamW().build()).build()) {
      FitResult result = estimator.resume(dir, train(), null, Budget.epochs(3));
      assertEquals(Outcome.COMPLETED, result.outcome(), "it goes on, its moments restarted");
      assertTrue(
          log.lines()
              .contains(
                  "WARN ai.djl.training.optimizer.AdamW keeps its state private, so the saved"
                      + " optimizer state cannot be restored; use dev.fitkit.optimizer.AdamW to"
                      + " resume exactly"),
          log.lines().toString());
    }
  }
}

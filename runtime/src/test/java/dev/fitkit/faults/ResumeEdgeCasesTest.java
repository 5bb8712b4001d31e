package dev.fitkit.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import dev.fitkit.Budget;
import dev.fitkit.Estimator;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.FitResult;
import dev.fitkit.HandlerFailedException;
import dev.fitkit.LearningRate;
import dev.fitkit.Outcome;
import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.annotations.OnTrainEnd;
import dev.fitkit.annotations.Priority;
import dev.fitkit.checkpoint.CheckpointFile;
import dev.fitkit.checkpoint.CheckpointStore;
import dev.fitkit.checkpoint.RunState;
import dev.fitkit.event.BatchEnd;
import dev.fitkit.event.TrainEnd;
import dev.fitkit.handlers.CheckpointHandler;
import dev.fitkit.handlers.EarlyStoppingHandler;
import dev.fitkit.handlers.HistoryHandler;
import dev.fitkit.handlers.ValidationHandler;
import dev.fitkit.metric.Accuracy;
import dev.fitkit.metric.Monitor;
import dev.fitkit.optimizer.Adam;
import dev.fitkit.optimizer.Sgd;
import dev.fitkit.run.ParameterBytes;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.FailAtValidationBatch;
import dev.fitkit.testing.KeepsCount;
import dev.fitkit.testing.Nets;
import dev.fitkit.testing.RunDump;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The less travelled paths of a resume: what a checkpoint holds when training ends with changed
 * weights, when a validation pass between batches fails, when the budget ran out before the epoch
 * ended, when the step itself fails, and checkpoints that do not fit. 94 batches an epoch.
 */
class ResumeEdgeCasesTest {
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
    return Blobs.dataset(manager, 376, 4, 1, true);
  }

  /** Shuffled too: a resumed validation pass draws from the same generator as the shuffle. */
  private ArrayDataset validation() {
    return Blobs.dataset(manager, 64, 16, 2, true);
  }

  /** A learning rate that decays per step, fitkit's Adam, validation at epoch end and every 30. */
  private static Estimator.Builder estimator(Object... handlers) {
    return plain(new ValidationHandler(1, 30)).handlers(handlers);
  }

  private static Estimator.Builder plain(Object... handlers) {
    LearningRate lr = LearningRate.of(step -> 0.01f / (1 + 0.01f * step));
    return Estimator.builder()
        .block(Nets.mlp())
        .loss(Loss.softmaxCrossEntropyLoss())
        .optimizer(Adam.builder().learningRate(lr).build())
        .learningRate(lr)
        .metrics(new Accuracy())
        .seed(5)
        .discoverHandlers(false)
        .handlers(new HistoryHandler(true))
        .handlers(handlers);
  }

  private RunDump fit(Budget budget, Object... handlers) {
    try (Estimator estimator = estimator(handlers).build()) {
      FitResult result = estimator.fit(train(), validation(), budget);
      return RunDump.of(estimator.model().getBlock(), result.history());
    }
  }

  private RunDump resume(Budget budget) {
    try (Estimator estimator = estimator().build()) {
      FitResult result = estimator.resume(dir, train(), validation(), budget);
      assertEquals(Outcome.COMPLETED, result.outcome());
      return RunDump.of(estimator.model().getBlock(), result.history());
    }
  }

  private RunState newest() {
    return CheckpointStore.newestValid(dir).checkpoint().run();
  }

  @Test
  void aValidationBetweenBatchesThatFailsIsOwedAndRunAgain() {
    RunDump straight = fit(Budget.epochs(2));
    // The pass after batch 60 of epoch 0 fails at its batch 2.
    assertThrows(
        HandlerFailedException.class,
        () -> fit(Budget.epochs(2), new CheckpointHandler(dir), new FailAtValidationBatch(0, 2)));
    RunState saved = newest();
    assertEquals(30, saved.stepsCompleted(), "the pass after batch 30 failed");
    assertTrue(saved.validationOwed());
    straight.assertSameAs(resume(Budget.epochs(2)));
  }

  @Test
  void aBatchBudgetWhoseLastEpochEndFailedIsEndedOnResume() {
    RunDump straight = fit(Budget.batches(94));
    // The epoch-end pass after the budget's last batch fails: the budget is spent, the epoch not.
    assertThrows(
        HandlerFailedException.class,
        () ->
            fit(
                Budget.batches(94),
                CheckpointHandler.builder(dir).epochPeriod(0).build(),
                new FailOnceAtTheEpochEndPass()));
    RunState saved = newest();
    assertEquals(94, saved.stepsCompleted());
    assertFalse(saved.epochEnded());
    straight.assertSameAs(resume(Budget.batches(94)));
  }

  @Test
  void aFailureBeforeTheOptimizerStepLeavesTheBatchUntrained() {
    RunDump straight = fit(Budget.epochs(1));
    assertThrows(
        HandlerFailedException.class,
        () -> fit(Budget.epochs(1), new CheckpointHandler(dir), new FailsBeforeTheStep(50)));
    assertEquals(50, newest().stepsCompleted(), "batch 50 was never stepped");
    straight.assertSameAs(resume(Budget.epochs(1)));
  }

  @Test
  void theCheckpointsHoldTheTrainedWeightsNotTheRestoredBestOnes() throws Exception {
    EarlyStoppingHandler early =
        EarlyStoppingHandler.builder()
            .monitor("validation loss")
            .mode(Monitor.Mode.MIN)
            .patience(100)
            .restoreBestWeights(true)
            .build();
    CapturesTrainedWeights trained = new CapturesTrainedWeights();
    try (Estimator estimator = estimator(early, trained, new CheckpointHandler(dir)).build()) {
      estimator.fit(train(), Blobs.flipped(manager, 64, 16, 2), 3);
      byte[] restored = ParameterBytes.save(estimator.model().getBlock());
      assertFalse(
          java.util.Arrays.equals(trained.weights, restored),
          "the best epoch (the first: validation loss rises) was put back");
    }
    assertArrayEquals(
        trained.weights,
        CheckpointFile.read(dir.resolve("checkpoint-epoch3batch282.ckpt")).parameters(),
        "the last checkpoint holds the weights training ended with");
  }

  @Test
  void theBestCheckpointRanksOnlyEpochsThatValidated() throws Exception {
    try (Estimator estimator =
        plain(
                new ValidationHandler(2),
                CheckpointHandler.builder(dir)
                    .epochPeriod(0)
                    .monitor("validation loss", Monitor.Mode.MIN)
                    .saveBest(true)
                    .build())
            .build()) {
      estimator.fit(train(), Blobs.flipped(manager, 64, 16, 2), 4);
    }
    // Validated after epochs 1 and 3 (0-based); the loss rises, so epoch 1's is the best.
    RunState best = CheckpointFile.read(dir.resolve("checkpoint-best.ckpt")).run();
    assertEquals(1, best.epoch());
    assertTrue(best.epochEnded());
  }

  @Test
  void aCheckpointOfAnotherOptimizerIsRefusedAndChangesNothing() throws Exception {
    Supplier<Estimator.Builder> sgd =
        () ->
            Estimator.builder()
                .block(Nets.mlp())
                .loss(Loss.softmaxCrossEntropyLoss())
                .optimizer(Sgd.builder().momentum(0.9f).build())
                .seed(5)
                .discoverHandlers(false);
    try (Estimator estimator = sgd.get().handlers(new CheckpointHandler(dir)).build()) {
      estimator.fit(train(), null, 1);
    }
    try (Estimator estimator = estimator().build()) {
      estimator.fit(train(), null, 1);
      byte[] before = ParameterBytes.save(estimator.model().getBlock());
      String m =
          assertThrows(
                  FitConfigurationException.class,
                  () -> estimator.resume(dir, train(), null, Budget.epochs(3)))
              .getMessage();
      assertTrue(
          m.startsWith(
              "Checkpoint "
                  + dir.resolve("checkpoint-epoch1batch94.ckpt")
                  + " holds optimizer state that dev.fitkit.optimizer.Adam cannot take: the"
                  + " optimizer state is of another optimizer: it holds slots [momentum]"),
          m);
      assertTrue(m.endsWith("Resume with the optimizer (and network) the run was saved with."), m);
      assertArrayEquals(
          before, ParameterBytes.save(estimator.model().getBlock()), "the network is untouched");
    }
  }

  @Test
  void aHandlerStateThatDoesNotReadIsRefusedNamingTheHandler() throws Exception {
    try (Estimator estimator = estimator(new CheckpointHandler(dir), new KeepsCount()).build()) {
      estimator.fit(train(), null, 1);
    }
    try (Estimator estimator = estimator(new CountsAsText()).build()) {
      String m =
          assertThrows(
                  FitConfigurationException.class,
                  () -> estimator.resume(dir, train(), null, Budget.epochs(2)))
              .getMessage();
      assertTrue(m.contains(" holds state for handler test.count that does not read as "), m);
      assertTrue(m.endsWith("Resume with the handlers the run was saved with."), m);
    }
    assertTrue(Files.exists(dir.resolve("checkpoint-epoch1batch94.ckpt")));
  }

  /** Fails at the first validation batch of the epoch-end pass, once. */
  @FitHandler(id = "test.fail-epoch-end-pass", autoLoad = false)
  public static final class FailOnceAtTheEpochEndPass {
    private boolean failed;

    @dev.fitkit.annotations.OnValidationBatchEnd
    void fail(dev.fitkit.event.ValidationBatchEnd event) {
      if (!failed && event.context().batchesInEpoch() == 94) {
        failed = true;
        throw new IllegalStateException("validation data unreadable");
      }
    }
  }

  /** Throws at a step, after backward and before the optimizer step. */
  @FitHandler(id = "test.fails-before-step", autoLoad = false)
  public static final class FailsBeforeTheStep {
    private final long step;

    FailsBeforeTheStep(long step) {
      this.step = step;
    }

    @OnBatchEnd(priority = Priority.GRADIENT_UPDATE - 50)
    void fail(BatchEnd event) {
      if (event.globalStep() == step) {
        throw new IllegalStateException("device lost at step " + step);
      }
    }
  }

  /** Keeps the parameters as training ended, before anything at train end changed them. */
  @FitHandler(id = "test.captures-weights", autoLoad = false)
  public static final class CapturesTrainedWeights {
    byte[] weights;

    @OnTrainEnd(priority = Priority.LAST_CHECKPOINT - 1)
    void capture(TrainEnd event) {
      weights = ParameterBytes.save(event.context().model().getBlock());
    }
  }

  /** Under {@link KeepsCount}'s id, with a state of another type. */
  @FitHandler(id = "test.count", autoLoad = false)
  public static final class CountsAsText implements dev.fitkit.spi.StatefulHandler<List<String>> {
    @OnBatchEnd
    void count() {}

    @Override
    @SuppressWarnings("unchecked")
    public Class<List<String>> stateType() {
      return (Class<List<String>>) (Class<?>) List.class;
    }

    @Override
    public List<String> saveState() {
      return List.of();
    }

    @Override
    public void restoreState(List<String> state) {}
  }
}

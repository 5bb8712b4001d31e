package dev.fitkit.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.training.loss.Loss;
import dev.fitkit.Budget;
import dev.fitkit.Estimator;
import dev.fitkit.FitResult;
import dev.fitkit.HandlerFailedException;
import dev.fitkit.Outcome;
import dev.fitkit.checkpoint.CheckpointFile;
import dev.fitkit.checkpoint.CheckpointStore;
import dev.fitkit.checkpoint.RunState;
import dev.fitkit.handlers.CheckpointHandler;
import dev.fitkit.handlers.GradientUpdateHandler;
import dev.fitkit.handlers.HistoryHandler;
import dev.fitkit.handlers.MetricHandler;
import dev.fitkit.metric.Accuracy;
import dev.fitkit.optimizer.Adam;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.FailAtStep;
import dev.fitkit.testing.FailAtValidationBatch;
import dev.fitkit.testing.LogCapture;
import dev.fitkit.testing.Nets;
import dev.fitkit.testing.RequestStopAtBatch;
import dev.fitkit.testing.RunDump;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped, cut short or failed part-way, then resumed, ends exactly as an uninterrupted run:
 * the same parameters and the same history, epoch by epoch and batch by batch. 376 shuffled samples
 * in batches of 4 make 94 batches an epoch.
 */
class ResumeExactnessTest {
  private static final int BATCHES_PER_EPOCH = 94;

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

  private ArrayDataset validation() {
    return Blobs.dataset(manager, 64, 16, 2);
  }

  private static Estimator.Builder estimator(Evaluator metric, Object... handlers) {
    return Estimator.builder()
        .block(Nets.mlp())
        .loss(Loss.softmaxCrossEntropyLoss())
        .optimizer(Adam.builder().build())
        .metrics(metric)
        .seed(11)
        .discoverHandlers(false)
        .handlers(new HistoryHandler(true))
        .handlers(handlers);
  }

  private static Estimator.Builder estimator(Object... handlers) {
    return estimator(new Accuracy(), handlers);
  }

  private RunDump straight(Budget budget) {
    try (Estimator estimator = estimator().build()) {
      FitResult result = estimator.fit(train(), validation(), budget);
      return RunDump.of(estimator.model().getBlock(), result.history());
    }
  }

  private RunDump resumed(Budget budget) {
    try (Estimator estimator = estimator().build()) {
      FitResult result = estimator.resume(dir, train(), validation(), budget);
      assertEquals(Outcome.COMPLETED, result.outcome());
      return RunDump.of(estimator.model().getBlock(), result.history());
    }
  }

  private RunState newest() throws Exception {
    return CheckpointStore.newestValid(dir).checkpoint().run();
  }

  /**
   * Groups of three accumulated batches: the checkpoint of batch 4 holds one batch of the group (4,
   * 5, 6), the failure's after batch 5 two. Resumed from either, the run steps on the same group
   * mean as an uninterrupted one.
   */
  @Test
  void aRunInterruptedInsideAnAccumulationGroupResumesExactly() throws Exception {
    RunDump straight;
    try (Estimator estimator = estimator(accumulate3()).build()) {
      FitResult result = estimator.fit(train(), validation(), Budget.batches(12));
      straight = RunDump.of(estimator.model().getBlock(), result.history());
    }
    try (Estimator estimator =
        estimator(
                accumulate3(),
                CheckpointHandler.builder(dir)
                    .batchPeriod(4)
                    .epochPeriod(0)
                    .maxCheckpoints(0)
                    .build(),
                new FailAtStep(4))
            .build()) {
      assertThrows(
          HandlerFailedException.class,
          () -> estimator.fit(train(), validation(), Budget.batches(12)));
    }
    RunState failed = newest();
    assertEquals(5, failed.stepsCompleted());
    assertEquals(
        2,
        failed
            .handlers()
            .get("fitkit.gradient-update")
            .getAsJsonObject()
            .get("pendingBatches")
            .getAsInt(),
        "two batches of the group were pending when it failed");
    assertEquals(
        4,
        failed
            .handlers()
            .get("fitkit.gradient-update")
            .getAsJsonObject()
            .get("gradients")
            .getAsJsonArray()
            .size(),
        "and their gradients, one per parameter");
    straight.assertSameAs(resumedAccumulating());

    // From the periodic checkpoint of batch 4, one batch pending: drop every later file.
    try (var files = java.nio.file.Files.list(dir)) {
      for (Path file : files.toList()) {
        if (!file.getFileName().toString().equals("checkpoint-epoch0batch4.ckpt")) {
          java.nio.file.Files.delete(file);
        }
      }
    }
    assertEquals(4, newest().stepsCompleted());
    straight.assertSameAs(resumedAccumulating());
  }

  /**
   * 94 batches in groups of three leave batch 94 alone in its group, stepped at the epoch's end. A
   * failure at that end, before the step, saves the group; the resume runs the epoch's end again
   * and steps on it.
   */
  @Test
  void aGroupOpenAtAnEpochsEndIsSteppedByTheResumedEnd() throws Exception {
    RunDump straight;
    try (Estimator estimator = estimator(accumulate3()).build()) {
      FitResult result = estimator.fit(train(), validation(), Budget.epochs(2));
      straight = RunDump.of(estimator.model().getBlock(), result.history());
    }
    try (Estimator estimator =
        estimator(accumulate3(), new CheckpointHandler(dir), new FailsAtFirstEpochEnd()).build()) {
      assertThrows(
          HandlerFailedException.class,
          () -> estimator.fit(train(), validation(), Budget.epochs(2)));
    }
    RunState failed = newest();
    assertEquals(BATCHES_PER_EPOCH, failed.stepsCompleted());
    assertFalse(failed.epochEnded());
    try (Estimator estimator = estimator(accumulate3()).build()) {
      FitResult result = estimator.resume(dir, train(), validation(), Budget.epochs(2));
      straight.assertSameAs(RunDump.of(estimator.model().getBlock(), result.history()));
    }
  }

  /**
   * A NaN loss fails the run at batch 5 (TerminateOnNaN's default), after its backward and before
   * the step took it: the failure's checkpoint saves the group as batch 4 left it, not with batch
   * 5's gradient, and the resume, on clean data, trains batch 5 again as if nothing had happened.
   */
  @Test
  void aBatchRejectedInsideAGroupIsNotSavedWithIt() throws Exception {
    RunDump straight;
    try (Estimator estimator = estimator(accumulate3()).build()) {
      FitResult result =
          estimator.fit(Blobs.dataset(manager, 96, 4, 1), validation(), Budget.batches(12));
      straight = RunDump.of(estimator.model().getBlock(), result.history());
    }
    try (Estimator estimator = estimator(accumulate3(), new CheckpointHandler(dir)).build()) {
      assertThrows(
          RuntimeException.class,
          () ->
              estimator.fit(
                  Blobs.withNaN(manager, 96, 4, 1, 17), validation(), Budget.batches(12)));
    }
    RunState failed = newest();
    assertEquals(4, failed.stepsCompleted(), "batch 5 was not taken");
    try (Estimator estimator = estimator(accumulate3()).build()) {
      FitResult result =
          estimator.resume(dir, Blobs.dataset(manager, 96, 4, 1), validation(), Budget.batches(12));
      straight.assertSameAs(RunDump.of(estimator.model().getBlock(), result.history()));
    }
  }

  /** Fails the first epoch's end before the optimizer flushes its last group. */
  @dev.fitkit.annotations.FitHandler(id = "test.fails-at-epoch-end", autoLoad = false)
  static final class FailsAtFirstEpochEnd {
    @dev.fitkit.annotations.OnEpochEnd(
        priority = dev.fitkit.annotations.Priority.GRADIENT_UPDATE - 1)
    void fail(dev.fitkit.event.EpochEnd event) {
      if (event.epoch() == 0) {
        throw new IllegalStateException("boom at the first epoch's end");
      }
    }
  }

  @Test
  void aPendingGroupThatDoesNotFitTheNetworkIsRefusedNamingTheFix() throws Exception {
    try (Estimator estimator =
        estimator(accumulate3(), new CheckpointHandler(dir), new FailAtStep(4)).build()) {
      assertThrows(
          HandlerFailedException.class,
          () -> estimator.fit(train(), validation(), Budget.batches(12)));
    }
    ai.djl.nn.Block frozenFirstLayer = Nets.mlp();
    frozenFirstLayer.getChildren().get(0).getValue().freezeParameters(true);
    try (Estimator estimator =
        Estimator.builder()
            .block(frozenFirstLayer)
            .loss(Loss.softmaxCrossEntropyLoss())
            .optimizer(Adam.builder().build())
            .metrics(new Accuracy())
            .seed(11)
            .discoverHandlers(false)
            .handlers(new HistoryHandler(true), accumulate3())
            .build()) {
      String m =
          assertThrows(
                  dev.fitkit.FitConfigurationException.class,
                  () -> estimator.resume(dir, train(), validation(), Budget.batches(12)))
              .getMessage();
      assertEquals(
          "The checkpoint's pending accumulation group does not fit this network (4 saved"
              + " gradients for a network with 2): resume with the network the run was saved"
              + " with.",
          m);
    }
  }

  private static GradientUpdateHandler accumulate3() {
    return GradientUpdateHandler.builder().accumulate(3).build();
  }

  private RunDump resumedAccumulating() {
    try (Estimator estimator = estimator(accumulate3()).build()) {
      FitResult result = estimator.resume(dir, train(), validation(), Budget.batches(12));
      assertEquals(Outcome.COMPLETED, result.outcome());
      return RunDump.of(estimator.model().getBlock(), result.history());
    }
  }

  @Test
  void aBatchBudgetThatEndsMidEpochIsResumedMidEpoch() throws Exception {
    RunDump straight = straight(Budget.batches(60));
    try (Estimator estimator = estimator(new CheckpointHandler(dir)).build()) {
      assertEquals(
          Outcome.COMPLETED, estimator.fit(train(), validation(), Budget.batches(40)).outcome());
    }
    RunState saved = newest();
    assertFalse(saved.epochEnded(), "40 of 94 batches: the epoch did not end");
    assertEquals(40, saved.batchesInEpoch());
    assertEquals(List.of(), saved.history(), "the cut-short epoch's record is not kept");
    assertFalse(saved.validated(), "the cut-short epoch's end (its validation) is not in it");
    assertFalse(
        saved.metrics().containsKey("validation loss"),
        "the state is the one after batch 40, before the epoch's end: " + saved.metrics());

    straight.assertSameAs(resumed(Budget.batches(60)));
  }

  @Test
  void aFailureMidEpochIsResumedWithTheSameMetricsAndHistory() throws Exception {
    RunDump straight = straight(Budget.epochs(3));
    try (Estimator estimator = estimator(new CheckpointHandler(dir), new FailAtStep(150)).build()) {
      assertThrows(HandlerFailedException.class, () -> estimator.fit(train(), validation(), 3));
    }
    RunState saved = newest();
    assertEquals(151, saved.stepsCompleted());
    assertEquals(151 - BATCHES_PER_EPOCH, saved.batchesInEpoch());

    straight.assertSameAs(resumed(Budget.epochs(3)));
  }

  @Test
  void aFailureDuringValidationEndsThatEpochAgainOnResume() throws Exception {
    RunDump straight = straight(Budget.epochs(3));
    try (Estimator estimator =
        estimator(new CheckpointHandler(dir), new FailAtValidationBatch(1, 2)).build()) {
      assertThrows(HandlerFailedException.class, () -> estimator.fit(train(), validation(), 3));
    }
    RunState saved = newest();
    assertFalse(saved.epochEnded(), "its validation failed: epoch 1 did not end");
    assertEquals(2 * BATCHES_PER_EPOCH, saved.stepsCompleted());
    assertEquals(1, saved.history().size(), "epoch 0's record only");

    straight.assertSameAs(resumed(Budget.epochs(3)));
  }

  @Test
  void aStopMidEpochIsNeverSavedAsAnEndedEpoch() throws Exception {
    try (Estimator estimator =
        estimator(
                CheckpointHandler.builder(dir).maxCheckpoints(0).build(),
                new RequestStopAtBatch(120))
            .build()) {
      assertEquals(Outcome.STOPPED, estimator.fit(train(), validation(), 3).outcome());
    }
    List<Path> files = new CheckpointStore(dir, "checkpoint").periodicFiles();
    assertEquals(
        List.of("checkpoint-epoch1batch94.ckpt", "checkpoint-epoch1batch121.ckpt"),
        files.stream().map(p -> p.getFileName().toString()).toList());
    RunState last = CheckpointFile.read(files.get(1)).run();
    assertFalse(last.epochEnded());
    assertEquals(27, last.batchesInEpoch());
    assertEquals(Outcome.STOPPED, last.outcome());
    assertEquals(1, last.history().size(), "the stopped epoch's record is not in it");
    assertFalse(last.validated(), "the stopped epoch's end (its validation) is not in it");
  }

  @Test
  void aStopBeforeTheFirstBatchIsNeverSavedAsAnEndedEpoch() throws Exception {
    // Epoch 0 is stopped at its begin: no batch ran, but its end validates (which creates the
    // parameters) and saveBest writes the best checkpoint from that end.
    try (Estimator estimator =
        estimator(
                CheckpointHandler.builder(dir)
                    .monitor("validation loss", dev.fitkit.metric.Monitor.Mode.MIN)
                    .saveBest(true)
                    .build(),
                new StopAtEpochBegin())
            .build()) {
      assertEquals(Outcome.STOPPED, estimator.fit(train(), validation(), 3).outcome());
    }
    RunState best = CheckpointFile.read(dir.resolve("checkpoint-best.ckpt")).run();
    assertEquals(0, best.batchesInEpoch());
    assertFalse(best.epochEnded(), "epoch 0 ran none of its batches: it did not end");
  }

  @dev.fitkit.annotations.FitHandler(id = "test.stop-at-epoch-begin", autoLoad = false)
  public static final class StopAtEpochBegin {
    @dev.fitkit.annotations.OnEpochBegin
    void stop(dev.fitkit.event.EpochBegin event) {
      event.requestStop("stop before the first batch");
    }
  }

  @Test
  void aResumedRunWhoseFirstBatchHasNoGradientStepsOnAsTheUninterruptedOne() throws Exception {
    // Batch 3 of each epoch is labelled -1, where the loss is 0 with a gradient of exactly 0:
    // DJL's trainer refuses such gradients at its first step, which after a resume is this one.
    Loss loss = new ZeroWhereUnlabelled();
    float[] labels = new float[16];
    java.util.Arrays.fill(labels, 12, 16, -1);
    java.util.function.Supplier<ArrayDataset> data =
        () ->
            new ArrayDataset.Builder()
                .setData(
                    manager.randomNormal(
                        0,
                        1,
                        new ai.djl.ndarray.types.Shape(16, 2),
                        ai.djl.ndarray.types.DataType.FLOAT32))
                .optLabels(manager.create(labels))
                .setSampling(4, false)
                .build();
    ai.djl.engine.Engine.getInstance().setRandomSeed(5);
    ArrayDataset train = data.get();
    java.util.function.Supplier<Estimator.Builder> builder =
        () ->
            Estimator.builder()
                .block(Nets.mlp())
                .loss(loss)
                .optimizer(Adam.builder().build())
                .seed(3)
                .discoverHandlers(false);
    RunDump straight;
    try (Estimator estimator = builder.get().build()) {
      straight = RunDump.of(estimator.model().getBlock(), estimator.fit(train, null, 2).history());
    }
    try (Estimator estimator =
        builder.get().handlers(CheckpointHandler.builder(dir).batchPeriod(3).build()).build()) {
      estimator.fit(train, null, Budget.batches(3));
    }
    try (Estimator estimator = builder.get().build()) {
      FitResult result = estimator.resume(dir, train, null, Budget.epochs(2));
      straight.assertSameAs(RunDump.of(estimator.model().getBlock(), result.history()));
    }
  }

  /** Softmax cross entropy, except on batches labelled -1, where it is 0 with no gradient. */
  private static final class ZeroWhereUnlabelled extends Loss {
    private final Loss crossEntropy = Loss.softmaxCrossEntropyLoss();

    ZeroWhereUnlabelled() {
      super("loss");
    }

    @Override
    public ai.djl.ndarray.NDArray evaluate(
        ai.djl.ndarray.NDList labels, ai.djl.ndarray.NDList predictions) {
      if (labels.head().min().getFloat() < 0) {
        ai.djl.ndarray.NDArray p = predictions.head();
        return p.sub(p).sum();
      }
      return crossEntropy.evaluate(labels, predictions);
    }
  }

  @Test
  void djlsOwnAccuracyRestartsItsCountsWithAWarning() throws Exception {
    RunDump straight;
    try (Estimator estimator = estimator(new ai.djl.training.evaluator.Accuracy()).build()) {
      FitResult result = estimator.fit(train(), validation(), 2);
      straight = RunDump.of(estimator.model().getBlock(), result.history());
    }
    try (Estimator estimator =
        estimator(
                new ai.djl.training.evaluator.Accuracy(),
                new CheckpointHandler(dir),
                new FailAtStep(120))
            .build()) {
      assertThrows(HandlerFailedException.class, () -> estimator.fit(train(), validation(), 2));
    }
    try (LogCapture log = new LogCapture(MetricHandler.class);
        Estimator estimator = estimator(new ai.djl.training.evaluator.Accuracy()).build()) {
      FitResult result = estimator.resume(dir, train(), validation(), Budget.epochs(2));
      RunDump resumed = RunDump.of(estimator.model().getBlock(), result.history());
      assertEquals(straight.parameters().keySet(), resumed.parameters().keySet());
      assertEquals(
          straight.epochs().get(1).metrics().get("train loss"),
          resumed.epochs().get(1).metrics().get("train loss"),
          "the mean loss is always saved");
      assertNotEquals(
          straight.epochs().get(1).metrics().get("train accuracy"),
          resumed.epochs().get(1).metrics().get("train accuracy"),
          "DJL's counts restarted at the resume");
      assertTrue(
          log.lines().stream()
              .anyMatch(
                  l ->
                      l.startsWith(
                          "WARN The metric Accuracy (ai.djl.training.evaluator.Accuracy) cannot"
                              + " save its running value, so after this resume part-way through"
                              + " epoch 1 its 'train accuracy' covers only the batches trained"
                              + " since. Use dev.fitkit.metric.Accuracy")),
          log.lines().toString());
    }
  }
}

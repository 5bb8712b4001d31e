package dev.fitkit.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import dev.fitkit.Estimator;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.FitResult;
import dev.fitkit.HandlerFailedException;
import dev.fitkit.Outcome;
import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.event.BatchEnd;
import dev.fitkit.handlers.CheckpointHandler;
import dev.fitkit.handlers.EarlyStoppingHandler;
import dev.fitkit.metric.Accuracy;
import dev.fitkit.metric.Monitor;
import dev.fitkit.optimizer.Adam;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.EventRecorder;
import dev.fitkit.testing.KeepsCount;
import dev.fitkit.testing.Nets;
import dev.fitkit.testing.Recorded;
import dev.fitkit.testing.ThrowsAtTrainEnd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Handlers across fits: reuse, clashing ids, failures at train end, fits on two threads. */
class HandlerLifecycleTest {
  @TempDir Path dir;
  private NDManager manager;
  private Dataset train;
  private Dataset validation;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
    train = Blobs.dataset(manager, 96, 16, 1, true);
    validation = Blobs.dataset(manager, 32, 16, 2);
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private static Estimator.Builder estimator(Object... handlers) {
    return Estimator.builder()
        .block(Nets.mlp())
        .loss(Loss.softmaxCrossEntropyLoss())
        .optimizer(Adam.builder().build())
        .metrics(new Accuracy())
        .seed(1)
        .discoverHandlers(false)
        .handlers(handlers);
  }

  @Test
  void aReusedCheckpointHandlerStartsEachFitAfresh() throws Exception {
    CheckpointHandler reused =
        CheckpointHandler.builder(dir)
            .monitor("validation accuracy", Monitor.Mode.AUTO)
            .saveBest(true)
            .build();
    try (Estimator estimator = estimator(reused).build()) {
      estimator.fit(train, validation, 3);
    }
    Files.delete(dir.resolve("checkpoint-best.ckpt"));
    try (Estimator estimator = estimator(reused).build()) {
      estimator.fit(train, validation, 1);
    }
    assertTrue(
        Files.exists(dir.resolve("checkpoint-best.ckpt")),
        "the second fit's first epoch is its best so far, whatever the first fit reached");
  }

  @Test
  void twoHandlerClassesUnderOneIdAreAnError() {
    try (Estimator estimator = estimator(new KeepsCount(), new KeepsCount.Twin()).build()) {
      String m =
          assertThrows(FitConfigurationException.class, () -> estimator.fit(train, null, 1))
              .getMessage();
      String classes = Path.of("target", "test-classes").toAbsolutePath().toString();
      assertEquals(
          "Two handler classes share the id 'test.count': dev.fitkit.testing.KeepsCount"
              + " (explicit, from "
              + classes
              + ") and dev.fitkit.testing.KeepsCount$Twin (explicit, from "
              + classes
              + "). Ids order handlers and key their checkpointed state, so they must be unique:"
              + " give one of them another @FitHandler(id = ...).",
          m);
    }
  }

  @Test
  void twoStatefulHandlersOfOneClassUnderOneKeyAreAnError() {
    try (Estimator estimator =
        estimator(
                EarlyStoppingHandler.builder().monitor("train loss").build(),
                EarlyStoppingHandler.builder().monitor("train loss").build())
            .build()) {
      String m =
          assertThrows(FitConfigurationException.class, () -> estimator.fit(train, null, 1))
              .getMessage();
      assertEquals(
          "Two handlers keep state under the same key 'fitkit.early-stopping':"
              + " dev.fitkit.handlers.EarlyStoppingHandler and"
              + " dev.fitkit.handlers.EarlyStoppingHandler."
              + " Checkpoints store each handler's state by that key, so the two would get each"
              + " other's. Give them distinct keys: distinct @FitHandler(id = ...) on their"
              + " classes, or, for two of one class, distinct stateKey(...) on their builders"
              + " (StatefulHandler.stateKey()).",
          m);
    }
  }

  @Test
  void twoOfOneClassWithDistinctStateKeysAreFine() {
    try (Estimator estimator =
        estimator(
                EarlyStoppingHandler.builder().monitor("train loss").patience(5).build(),
                EarlyStoppingHandler.builder()
                    .monitor("validation accuracy")
                    .patience(5)
                    .stateKey("early-stopping-on-accuracy")
                    .build())
            .build()) {
      assertEquals(Outcome.COMPLETED, estimator.fit(train, validation, 2).outcome());
    }
  }

  @Test
  void everyTrainEndListenerRunsWhenOneThrows() {
    Recorded out = new Recorded();
    try (Estimator estimator =
        estimator(new ThrowsAtTrainEnd(), new EventRecorder(out), new CheckpointHandler(dir))
            .build()) {
      HandlerFailedException e =
          assertThrows(HandlerFailedException.class, () -> estimator.fit(train, null, 1));
      assertTrue(e.getMessage().contains("failed in fail() at train end"), e.getMessage());
    }
    assertEquals("train end COMPLETED", out.lines().get(out.lines().size() - 1));
    assertTrue(
        Files.exists(dir.resolve("checkpoint-epoch1batch6.ckpt")),
        "the checkpoint handler's train end ran too");
  }

  @Test
  void aSecondFitOnAnotherThreadIsRefusedWhileTheFirstRuns() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (Estimator first = estimator(new HoldsAtBatch(running, release)).build();
        Estimator second = estimator().build()) {
      CompletableFuture<FitResult> fit =
          CompletableFuture.supplyAsync(() -> first.fit(train, null, 1));
      assertTrue(running.await(60, TimeUnit.SECONDS));
      String m =
          assertThrows(FitConfigurationException.class, () -> second.fit(train, null, 1))
              .getMessage();
      assertTrue(m.startsWith("Cannot fit while another fit runs in this JVM (fit on thread "), m);
      assertTrue(m.endsWith("Run them one after another, or in separate JVMs."), m);
      assertThrows(FitConfigurationException.class, () -> second.evaluate(validation));
      release.countDown();
      assertEquals(Outcome.COMPLETED, fit.get(60, TimeUnit.SECONDS).outcome());
      assertEquals(Outcome.COMPLETED, second.fit(train, null, 1).outcome(), "then it may run");
    }
  }

  /** Blocks the first batch end until released, so another thread can try to fit meanwhile. */
  @FitHandler(id = "test.holds", autoLoad = false)
  public static final class HoldsAtBatch {
    private final CountDownLatch running;
    private final CountDownLatch release;

    HoldsAtBatch(CountDownLatch running, CountDownLatch release) {
      this.running = running;
      this.release = release;
    }

    @OnBatchEnd
    void hold(BatchEnd event) {
      running.countDown();
      try {
        release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

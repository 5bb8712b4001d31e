package dev.fitkit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import com.google.inject.name.Names;
import dev.fitkit.Budget;
import dev.fitkit.Estimator;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.FitResult;
import dev.fitkit.HandlerFailedException;
import dev.fitkit.Outcome;
import dev.fitkit.handlers.CheckpointHandler;
import dev.fitkit.metric.Monitor;
import dev.fitkit.optimizer.Sgd;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.EventRecorder;
import dev.fitkit.testing.FailAtStep;
import dev.fitkit.testing.LogCapture;
import dev.fitkit.testing.Nets;
import dev.fitkit.testing.Recorded;
import dev.fitkit.testing.StopAtEpoch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints inside real fits, and runs resumed from them. */
class CheckpointResumeTest {
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

  /** 96 shuffled samples in 6 batches of 16. */
  private ArrayDataset train() {
    return Blobs.dataset(manager, 96, 16, 1, Boolean.getBoolean("shuffle.debug"));
  }

  private static Estimator.Builder estimator() {
    return Estimator.builder()
        .block(Nets.mlp())
        .loss(Loss.softmaxCrossEntropyLoss())
        .metrics(new Accuracy())
        .seed(42)
        .discoverHandlers(false);
  }

  private static List<float[]> parameters(Estimator estimator) {
    List<float[]> values = new ArrayList<>();
    for (Pair<String, Parameter> p : estimator.model().getBlock().getParameters()) {
      values.add(p.getValue().getArray().toFloatArray());
    }
    return values;
  }

  private static void assertSameParameters(List<float[]> expected, List<float[]> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), "parameter " + i);
    }
  }

  private List<String> files() throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void keepsTheLastPeriodicCheckpointsPlusTheBest() throws IOException {
    // 4 batches per epoch, a checkpoint every 2 batches, at most 2 kept, a budget of 10 batches.
    CheckpointHandler handler =
        CheckpointHandler.builder(dir)
            .epochPeriod(0)
            .batchPeriod(2)
            .maxCheckpoints(2)
            .monitor("train loss", Monitor.Mode.AUTO)
            .saveBest(true)
            .build();
    try (Estimator estimator = estimator().handlers(handler).build()) {
      estimator.fit(Blobs.dataset(manager, 16, 4, 1), null, Budget.batches(10));
    }
    assertEquals(
        List.of(
            "checkpoint-best.ckpt",
            "checkpoint-epoch1batch8.ckpt",
            "checkpoint-epoch2batch10.ckpt"),
        files());
  }

  @Test
  void resumedRunEndsWithTheParametersOfAnUninterruptedOne() throws IOException {
    List<float[]> uninterrupted;
    try (Estimator estimator = estimator().build()) {
      estimator.fit(train(), null, 4);
      uninterrupted = parameters(estimator);
    }
    try (Estimator estimator = estimator().handlers(new CheckpointHandler(dir)).build()) {
      estimator.fit(train(), null, 2); // "stops" after 2 of the 4 epochs
    }
    Recorded out = new Recorded();
    try (Estimator estimator =
        estimator().handlers(new CheckpointHandler(dir), new EventRecorder(out)).build()) {
      FitResult result = estimator.resume(dir, train(), null, Budget.epochs(4));

      assertSameParameters(uninterrupted, parameters(estimator));
      assertEquals(Outcome.COMPLETED, result.outcome());
      assertEquals(4, result.history().size(), "the history goes on from the checkpoint's");
      assertEquals(24, result.batches());
      assertEquals(
          2,
          out.lines().stream().filter(l -> l.startsWith("epoch end")).count(),
          "2 more epochs ran");
    }
  }

  @Test
  void theRemainingBudgetIsWhatWasLeft() {
    try (Estimator estimator = estimator().handlers(new CheckpointHandler(dir)).build()) {
      estimator.fit(train(), null, 2);
    }
    Recorded out = new Recorded();
    try (Estimator estimator = estimator().handlers(new EventRecorder(out)).build()) {
      FitResult result = estimator.resume(dir, train(), null, Budget.epochs(5));
      assertEquals(3, out.lines().stream().filter(l -> l.startsWith("epoch end")).count());
      assertEquals(
          List.of(0, 1, 2, 3, 4), result.history().epochs().stream().map(e -> e.epoch()).toList());
    }
  }

  @Test
  void aRunResumedAfterAFailureMidEpochAlsoMatches() {
    Supplier<Estimator.Builder> sgd =
        () -> estimator().optimizer(Sgd.builder().momentum(0.9f).build());
    List<float[]> uninterrupted;
    try (Estimator estimator = sgd.get().build()) {
      estimator.fit(train(), null, 3);
      uninterrupted = parameters(estimator);
    }
    try (Estimator estimator =
        sgd.get().handlers(new CheckpointHandler(dir), new FailAtStep(9)).build()) {
      assertThrows(HandlerFailedException.class, () -> estimator.fit(train(), null, 3));
    }
    assertTrue(
        Files.exists(dir.resolve("checkpoint-epoch1batch10.ckpt")),
        "saved on the exception, mid-epoch");
    try (Estimator estimator = sgd.get().build()) {
      estimator.resume(dir, train(), null, Budget.epochs(3));
      assertSameParameters(uninterrupted, parameters(estimator));
    }
  }

  @Test
  void resumingAFinishedRunIsAnError() {
    try (Estimator estimator = estimator().handlers(new CheckpointHandler(dir)).build()) {
      estimator.fit(train(), null, 2);
    }
    try (Estimator estimator = estimator().build()) {
      String m =
          assertThrows(
                  FitConfigurationException.class,
                  () -> estimator.resume(dir, train(), null, Budget.epochs(2)))
              .getMessage();
      assertTrue(
          m.matches(
              "The run saved in .*checkpoint-epoch2batch12\\.ckpt already finished: it trained 2"
                  + " epochs \\(12 batches\\) and the budget is 2 epochs\\. Resume with a larger"
                  + " budget to train further\\."),
          m);
    }
  }

  @Test
  void resumingAStoppedRunIsAnError() {
    try (Estimator estimator =
        estimator()
            .handlers(new CheckpointHandler(dir))
            .handlerTypes(StopAtEpoch.class)
            .modules(b -> b.bindConstant().annotatedWith(Names.named("stop.epoch")).to(0))
            .build()) {
      assertEquals(Outcome.STOPPED, estimator.fit(train(), null, 5).outcome());
    }
    try (Estimator estimator = estimator().build()) {
      String m =
          assertThrows(
                  FitConfigurationException.class,
                  () -> estimator.resume(dir, train(), null, Budget.epochs(5)))
              .getMessage();
      assertTrue(
          m.contains("was stopped by a handler after 6 batches, so there is nothing to resume"), m);
    }
  }

  @Test
  void aCorruptCheckpointIsRefusedAndResumeFallsBackToTheNewestValidOne() throws Exception {
    try (Estimator estimator = estimator().handlers(new CheckpointHandler(dir)).build()) {
      estimator.fit(train(), null, 2);
    }
    Path newest = dir.resolve("checkpoint-epoch2batch12.ckpt");
    byte[] whole = Files.readAllBytes(newest);
    Files.write(
        newest,
        java.util.Arrays.copyOf(whole, whole.length / 2)); // a crash mid-write, without the rename
    Files.writeString(dir.resolve("checkpoint-epoch3batch18.ckpt.tmp"), "half a checkpoint");

    CorruptCheckpointException corrupt =
        assertThrows(CorruptCheckpointException.class, () -> CheckpointFile.read(newest));
    assertTrue(
        corrupt
            .getMessage()
            .startsWith("Checkpoint " + newest + " is corrupt or truncated (not a readable zip"),
        corrupt.getMessage());

    Recorded out = new Recorded();
    try (LogCapture log = new LogCapture(CheckpointStore.class);
        Estimator estimator = estimator().handlers(new EventRecorder(out)).build()) {
      FitResult result = estimator.resume(dir, train(), null, Budget.epochs(3));
      assertTrue(
          log.lines().get(0).startsWith("WARN Checkpoint " + newest + " is corrupt"),
          log.lines().toString());
      assertEquals(
          2,
          out.lines().stream().filter(l -> l.startsWith("epoch end")).count(),
          "resumed after epoch 1");
      assertEquals(3, result.history().size());
    }
  }

  @Test
  void aChangedEntryFailsItsDigest() throws Exception {
    try (Estimator estimator = estimator().handlers(new CheckpointHandler(dir)).build()) {
      estimator.fit(train(), null, 1);
    }
    Path forged = dir.resolve("checkpoint-epoch1batch6.ckpt");
    Checkpoint saved = CheckpointFile.read(forged);
    byte[] altered = saved.parameters().clone();
    altered[altered.length - 1] ^= 1; // one flipped bit in the last weight
    try (var zip = java.nio.file.FileSystems.newFileSystem(forged)) {
      Files.write(zip.getPath("parameters.bin"), altered);
    }
    String m =
        assertThrows(CorruptCheckpointException.class, () -> CheckpointFile.read(forged))
            .getMessage();
    assertTrue(m.contains("(parameters.bin does not match its digest)"), m);
  }

  @Test
  void keepsTheTopKByTheMonitoredMetric() throws IOException {
    CheckpointHandler handler =
        CheckpointHandler.builder(dir)
            .epochPeriod(0)
            .monitor("validation accuracy", Monitor.Mode.AUTO)
            .topK(2)
            .build();
    try (Estimator estimator = estimator().handlers(handler).build()) {
      estimator.fit(train(), Blobs.dataset(manager, 32, 16, 2), 5);
    }
    List<String> top = files().stream().filter(f -> f.contains("-top-")).toList();
    assertEquals(2, top.size(), files().toString());
  }

  @Test
  void nothingToResumeFrom() throws IOException {
    try (Estimator estimator = estimator().build()) {
      String empty =
          assertThrows(
                  FitConfigurationException.class,
                  () -> estimator.resume(dir, train(), null, Budget.epochs(1)))
              .getMessage();
      assertTrue(
          empty.startsWith(
              "No usable checkpoint in " + dir + ": it holds no *-epoch{E}batch{B}.ckpt file."),
          empty);
      String missing =
          assertThrows(
                  FitConfigurationException.class,
                  () -> estimator.resume(dir.resolve("nope"), train(), null, Budget.epochs(1)))
              .getMessage();
      assertTrue(missing.startsWith("Nothing to resume from: "), missing);
      assertThrows(
          IllegalArgumentException.class,
          () -> estimator.resume(dir, null, null, Budget.epochs(1)));
    }
  }

  @Test
  void aCheckpointOfAnotherNetworkDoesNotFit() {
    try (Estimator estimator = estimator().handlers(new CheckpointHandler(dir)).build()) {
      estimator.fit(train(), null, 1);
    }
    try (Estimator other =
        Estimator.builder()
            .block(
                new ai.djl.nn.SequentialBlock()
                    .add(ai.djl.nn.core.Linear.builder().setUnits(3).build()))
            .loss(Loss.softmaxCrossEntropyLoss())
            .discoverHandlers(false)
            .build()) {
      String m =
          assertThrows(
                  FitConfigurationException.class,
                  () ->
                      other.resume(
                          dir.resolve("checkpoint-epoch1batch6.ckpt"),
                          train(),
                          null,
                          Budget.epochs(2)))
              .getMessage();
      assertTrue(
          m.contains(
              "does not fit this network: Saved parameters hold 4 arrays, the network has 2."),
          m);
    }
  }

  @Test
  void optionsAreChecked() {
    assertEquals(
        "batchPeriod must be 0 (off) or positive, got -1",
        assertThrows(
                IllegalArgumentException.class,
                () -> CheckpointHandler.builder(dir).batchPeriod(-1))
            .getMessage());
    assertEquals(
        "A CheckpointHandler needs a folder to save to",
        assertThrows(IllegalArgumentException.class, () -> CheckpointHandler.builder(null))
            .getMessage());
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> CheckpointHandler.builder(dir).saveBest(true).build())
            .getMessage()
            .startsWith("saveBest and topK rank checkpoints by a metric"));
    assertFalse(Files.exists(dir.resolve("checkpoint-best.ckpt")));
  }
}

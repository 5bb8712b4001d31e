package dev.fitkit.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fitkit.checkpoint.CheckpointFile;
import dev.fitkit.checkpoint.CheckpointStore;
import dev.fitkit.checkpoint.RunState;
import dev.fitkit.testing.RunDump;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) and SIGTERM, as a terminal or a supervisor sends them, to a training JVM: it
 * saves at the next training or validation batch and exits, and a new JVM resumes it to the very
 * parameters and history of a run never stopped. Also: a slow shutdown hook elsewhere in the
 * application, a training thread that cannot answer in time, and failures that must not leave the
 * exit hook behind. 400 samples in batches of 16: 25 batches an epoch, 4 epochs.
 */
class SignalTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final Map<List<String>, RunDump> REFERENCES = new HashMap<>();

  @TempDir static Path references;
  @TempDir Path dir;

  /** The run never stopped, for these options. */
  private static synchronized RunDump reference(String... options) throws Exception {
    List<String> key = List.of(options);
    if (!REFERENCES.containsKey(key)) {
      Path run = Files.createTempDirectory(references, "reference");
      Path dump = run.resolve("dump.json");
      try (ChildJvm child =
          ChildJvm.start(
              run.resolve("log"), with(options, "dir=" + run.resolve("c"), "dump=" + dump))) {
        assertEquals(0, child.exit(TIMEOUT), child.text());
      }
      REFERENCES.put(key, RunDump.read(dump));
    }
    return REFERENCES.get(key);
  }

  private RunDump resumeToTheEnd(String... options) throws Exception {
    Path dump = dir.resolve("resumed.json");
    try (ChildJvm child =
        ChildJvm.start(
            dir.resolve("resume.log"), with(options, "dir=" + folder(), "dump=" + dump))) {
      assertEquals(0, child.exit(TIMEOUT), child.text());
      assertTrue(child.text().contains("OUTCOME COMPLETED after 100"), child.text());
    }
    return RunDump.read(dump);
  }

  private Path folder() {
    return dir.resolve("checkpoints");
  }

  private ChildJvm start(String... options) throws Exception {
    return ChildJvm.start(dir.resolve("run.log"), with(options, "dir=" + folder()));
  }

  private RunState newest() throws Exception {
    return CheckpointStore.newestValid(folder()).checkpoint().run();
  }

  private void signalledMidEpoch(String signal) throws Exception {
    try (ChildJvm child = start("pauseAt=STEP 37")) {
      child.await(l -> l.equals("STEP 37"), TIMEOUT);
      child.signal(signal);
      child.exit(TIMEOUT);
      assertTrue(child.text().contains("fitkit: exit requested"), child.text());
    }
    RunState saved = newest();
    assertFalse(saved.epochEnded());
    assertNull(saved.outcome(), "an interrupted run can be resumed");
    assertTrue(saved.stepsCompleted() >= 37 && saved.stepsCompleted() <= 38, "" + saved);
    reference().assertSameAs(resumeToTheEnd());
  }

  @Test
  void sigtermMidEpoch() throws Exception {
    signalledMidEpoch("TERM");
  }

  @Test
  void ctrlCMidEpoch() throws Exception {
    signalledMidEpoch("INT");
  }

  @Test
  void sigtermDuringTheEpochEndValidationIsServedAtTheNextValidationBatch() throws Exception {
    String[] options = {"valSamples=3200"}; // 200 validation batches
    try (ChildJvm child = start(with(options, "pauseAt=VALIDATING 1 5"))) {
      child.await(l -> l.equals("VALIDATING 1 5"), TIMEOUT);
      child.signal("TERM");
      child.exit(TIMEOUT);
      long validated = child.text().lines().filter(l -> l.startsWith("VALIDATING 1 ")).count();
      assertTrue(validated < 50, "stopped early in the pass, after " + validated + " of 200");
    }
    RunState saved = newest();
    assertFalse(saved.epochEnded(), "epoch 1's validation did not finish: it did not end");
    assertEquals(50, saved.stepsCompleted());
    assertEquals(25, saved.batchesInEpoch());
    assertEquals(1, saved.history().size());
    reference(options).assertSameAs(resumeToTheEnd(options));
  }

  @Test
  void sigtermDuringAValidationBetweenBatchesLeavesItOwed() throws Exception {
    String[] options = {"valSamples=3200", "valPeriod=10"};
    try (ChildJvm child = start(with(options, "pauseAt=VALIDATING 0 5"))) {
      child.await(l -> l.equals("VALIDATING 0 5"), TIMEOUT); // the pass after batch 10
      child.signal("TERM");
      child.exit(TIMEOUT);
    }
    RunState saved = newest();
    assertEquals(10, saved.stepsCompleted());
    assertTrue(saved.validationOwed(), "the pass cut short is run again first");
    reference(options).assertSameAs(resumeToTheEnd(options));
  }

  @Test
  void aSlowShutdownHookElsewhereDoesNotTurnTheSaveIntoAnEndedEpoch() throws Exception {
    long start = System.nanoTime();
    try (ChildJvm child = start("slowHookMs=5000", "pauseAt=STEP 37")) {
      child.await(l -> l.equals("STEP 37"), TIMEOUT);
      child.signal("TERM");
      child.exit(TIMEOUT);
      assertTrue(
          child.text().contains("OUTCOME STOPPED"), "the loop went on meanwhile: " + child.text());
    }
    assertTrue(System.nanoTime() - start > 5e9, "the JVM waited for the slow hook");
    for (Path file : periodicFiles()) {
      RunState run = CheckpointFile.read(file).run();
      assertTrue(
          !run.epochEnded() || run.batchesInEpoch() == 25,
          file + " claims an ended epoch after " + run.batchesInEpoch() + " batches");
    }
    RunState saved = newest();
    assertFalse(saved.epochEnded());
    assertNull(saved.outcome());
    reference().assertSameAs(resumeToTheEnd());
  }

  @Test
  void theExitWaitIsBoundedWhenTheTrainingThreadCannotAnswer() throws Exception {
    long start = System.nanoTime();
    try (ChildJvm child = start("exitWaitMs=2000", "sleepAtStep=10:60000")) {
      child.await(l -> l.equals("STEP 10"), TIMEOUT);
      child.signal("TERM");
      child.exit(TIMEOUT);
      assertTrue(
          child.text().contains("fitkit: no checkpoint saved within 2 s; exiting without one"),
          child.text());
    }
    assertTrue(System.nanoTime() - start < 50e9, "it did not wait for the 60 s step");
  }

  @Test
  void aFailureAtTrainEndReleasesTheExitHook() throws Exception {
    exitsAtOnceAfter("throwAtTrainEnd=true", "clean-up failed");
  }

  @Test
  void aFailureAtTrainBeginReleasesTheExitHook() throws Exception {
    exitsAtOnceAfter("throwAtTrainBegin=true", "set-up failed");
  }

  @Test
  void aFailureInTheCheckpointHandlersLastSaveReleasesTheExitHook() throws Exception {
    exitsAtOnceAfter("failLastSave=true", "last save failed");
  }

  private void exitsAtOnceAfter(String option, String failure) throws Exception {
    try (ChildJvm child = start(option, "epochs=1")) {
      child.awaitPrefix("FIT FAILED", TIMEOUT);
      long failed = System.nanoTime();
      assertEquals(0, child.exit(TIMEOUT));
      assertTrue(System.nanoTime() - failed < 30e9, "no 60 s wait at exit");
      assertTrue(child.text().contains(failure), child.text());
      assertFalse(child.text().contains("exit requested"), child.text());
    }
  }

  private List<Path> periodicFiles() throws Exception {
    try (Stream<Path> files = Files.list(folder())) {
      return files
          .filter(p -> p.getFileName().toString().matches("checkpoint-epoch.*\\.ckpt"))
          .toList();
    }
  }

  private static String[] with(String[] options, String... more) {
    return Stream.concat(Stream.of(options), Stream.of(more)).toArray(String[]::new);
  }
}

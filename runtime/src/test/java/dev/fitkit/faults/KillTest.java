package dev.fitkit.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fitkit.checkpoint.CheckpointStore;
import dev.fitkit.checkpoint.RunState;
import dev.fitkit.testing.RunDump;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL, as the kernel's OOM killer or a lost machine deals it: no shutdown hook, no flush. A
 * training JVM is killed 24 times, at chosen moments of a checkpoint's write (the temporary file
 * just created, half written, just renamed), during validation, and at random moments; each time a
 * new JVM resumes it. After every kill a valid checkpoint is found and at most one checkpoint
 * period of batches is lost; the run that finally completes has the parameters and the history,
 * batch by batch, of a run never killed.
 */
class KillTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final int PERIOD = 5;
  // 1024 wide: a checkpoint of about 12 MB, written slowly enough to be caught mid-write.
  private static final String[] OPTIONS = {
    "width=1024", "epochs=8", "batchPeriod=" + PERIOD, "valSamples=160"
  };

  private enum Moment {
    TEMPORARY_CREATED,
    HALF_WRITTEN,
    JUST_RENAMED,
    DURING_VALIDATION,
    RANDOM
  }

  @Test
  void killedTwentyFourTimesTheRunStillEndsAsAnUninterruptedOne(@TempDir Path dir)
      throws Exception {
    Path reference = dir.resolve("reference.json");
    try (ChildJvm child =
        ChildJvm.start(
            dir.resolve("reference.log"),
            with("dir=" + dir.resolve("straight"), "dump=" + reference))) {
      assertEquals(0, child.exit(TIMEOUT), child.text());
    }

    Path folder = dir.resolve("killed");
    Files.createDirectories(folder);
    Random random = new Random(20261201);
    List<Moment> moments = new ArrayList<>();
    for (int round = 0; round < 4; round++) {
      moments.addAll(List.of(Moment.values()));
      moments.add(Moment.RANDOM);
    }
    List<String> report = new ArrayList<>();
    long lastNewest = -1;
    for (int k = 0; k < moments.size(); k++) {
      Moment moment = moments.get(k);
      try (ChildJvm child =
          ChildJvm.start(dir.resolve("kill-" + k + ".log"), with("dir=" + folder))) {
        child.awaitPrefix("TRAINING", TIMEOUT);
        try {
          killAt(moment, child, folder, random);
        } catch (AssertionError e) {
          throw new AssertionError("kill " + k + " at " + moment + " after " + report, e);
        }
        long trained = child.lastStep();
        child.kill();
        RunState newest = CheckpointStore.newestValid(folder).checkpoint().run();
        report.add(moment + ": trained " + trained + ", newest " + newest.stepsCompleted());
        assertTrue(
            trained - newest.stepsCompleted() <= PERIOD, "at most one period lost: " + report);
        assertTrue(newest.stepsCompleted() >= lastNewest, "never behind an earlier one: " + report);
        lastNewest = newest.stepsCompleted();
      }
    }
    Path resumed = dir.resolve("resumed.json");
    try (ChildJvm child =
        ChildJvm.start(dir.resolve("final.log"), with("dir=" + folder, "dump=" + resumed))) {
      assertEquals(0, child.exit(TIMEOUT), child.text());
      assertTrue(child.text().contains("OUTCOME COMPLETED after 200"), child.text());
    }
    System.out.println(String.join("\n", report));
    assertTrue(lastNewest >= 100, "the kills spread over half the run: " + report);
    RunDump.read(reference).assertSameAs(RunDump.read(resumed));
  }

  /**
   * Dropout draws from the engine's generator at every batch: killed mid-epoch (step 38, three
   * batches after the checkpoint of step 35) and resumed, the run must still end as one never
   * killed, bit for bit, because the loop seeds the generator by position before each batch.
   */
  @Test
  void aNetworkWithDropoutKilledMidEpochResumesBitForBit(@TempDir Path dir) throws Exception {
    String[] dropout = {"dropout=0.5", "epochs=3", "batchPeriod=" + PERIOD};
    Path reference = dir.resolve("reference.json");
    try (ChildJvm child =
        ChildJvm.start(
            dir.resolve("reference.log"),
            withOptions(dropout, "dir=" + dir.resolve("straight"), "dump=" + reference))) {
      assertEquals(0, child.exit(TIMEOUT), child.text());
    }
    Path folder = dir.resolve("killed");
    try (ChildJvm child =
        ChildJvm.start(
            dir.resolve("killed.log"),
            withOptions(dropout, "dir=" + folder, "sleepAtStep=38:60000"))) {
      child.awaitPrefix("STEP 38", TIMEOUT);
      child.kill();
    }
    assertEquals(35, CheckpointStore.newestValid(folder).checkpoint().run().stepsCompleted());
    Path resumed = dir.resolve("resumed.json");
    try (ChildJvm child =
        ChildJvm.start(
            dir.resolve("final.log"), withOptions(dropout, "dir=" + folder, "dump=" + resumed))) {
      assertEquals(0, child.exit(TIMEOUT), child.text());
      assertTrue(child.text().contains("OUTCOME COMPLETED after 75"), child.text());
    }
    RunDump.read(reference).assertSameAs(RunDump.read(resumed));
  }

  private static void killAt(Moment moment, ChildJvm child, Path folder, Random random)
      throws Exception {
    switch (moment) {
      case TEMPORARY_CREATED -> awaitFile(child, folder, 2, size -> true);
      case HALF_WRITTEN -> awaitFile(child, folder, 2, size -> size > 6_000_000);
      case JUST_RENAMED -> awaitRename(child, folder);
      case DURING_VALIDATION -> child.awaitPrefix("VALIDATING", TIMEOUT);
      case RANDOM -> {
        child.awaitPrefix("STEP", TIMEOUT);
        Thread.sleep(random.nextInt(400));
      }
    }
  }

  /** Waits for the {@code nth} temporary checkpoint of this JVM whose size {@code when} accepts. */
  private static void awaitFile(
      ChildJvm child, Path folder, int nth, java.util.function.LongPredicate when)
      throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    Set<String> seen = new java.util.HashSet<>();
    while (System.nanoTime() < deadline && child.alive()) {
      for (Path tmp : temporaries(folder)) {
        String name = tmp.getFileName().toString();
        if (seen.size() == nth - 1 && !seen.contains(name)
            || seen.contains(name) && seen.size() == nth) {
          seen.add(name);
          long size = Files.exists(tmp) ? sizeOf(tmp) : -1;
          if (size >= 0 && when.test(size)) {
            return;
          }
        } else {
          seen.add(name);
        }
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("no such temporary file; output:\n" + child.text());
  }

  /** Waits until a checkpoint file appears that was not there when this JVM began training. */
  private static void awaitRename(ChildJvm child, Path folder) throws Exception {
    Set<String> before = checkpoints(folder);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline && child.alive()) {
      Set<String> now = checkpoints(folder);
      now.removeAll(before);
      if (!now.isEmpty()) {
        return;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("no new checkpoint; output:\n" + child.text());
  }

  private static List<Path> temporaries(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".ckpt.tmp")).toList();
    } catch (java.nio.file.NoSuchFileException e) {
      return List.of();
    }
  }

  private static Set<String> checkpoints(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".ckpt"))
          .collect(Collectors.toSet());
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException gone) {
      return -1;
    }
  }

  private static String[] with(String... more) {
    return withOptions(OPTIONS, more);
  }

  private static String[] withOptions(String[] options, String... more) {
    return Stream.concat(Stream.of(options), Stream.of(more)).toArray(String[]::new);
  }
}

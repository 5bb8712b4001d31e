package dev.fitkit.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.fitkit.Budget;
import dev.fitkit.Estimator;
import dev.fitkit.HandlerFailedException;
import dev.fitkit.Outcome;
import dev.fitkit.handlers.CheckpointHandler;
import dev.fitkit.handlers.GradientUpdateHandler;
import dev.fitkit.optimizer.Adam;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.BreakDiskAtEpoch;
import dev.fitkit.testing.Nets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints on a disk that fails: full, read-only, or a folder that cannot exist. The save fails
 * with an error that says what and where, the previous checkpoint stays as it was, and no temporary
 * file is left. Full and read-only disks are small tmpfs mounts where the machine allows it (root,
 * as CI runs); the full disk is also an in-memory file system with a size limit, which runs
 * everywhere.
 */
class CheckpointIoFaultsTest {
  private static final String FIRST = "checkpoint-epoch1batch6.ckpt";

  @TempDir Path dir;
  private NDManager manager;
  private Path mounted;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() throws Exception {
    manager.close();
    if (mounted != null) {
      command("umount", mounted.toString());
    }
  }

  private Estimator estimator(Object... handlers) {
    return Estimator.builder()
        .block(Nets.mlp())
        .loss(Loss.softmaxCrossEntropyLoss())
        .optimizer(Adam.builder().build())
        .seed(1)
        .discoverHandlers(false)
        .handlers(handlers)
        .build();
  }

  /** What the second save's failure said, and the first checkpoint as it was before. */
  private record Broken(HandlerFailedException failure, byte[] first) {}

  /**
   * Two epochs of 6 batches, a checkpoint after each; before the second save, {@code breakDisk}
   * breaks the disk.
   */
  private Broken secondSaveFails(Path folder, Consumer<Path> breakDisk) {
    byte[][] first = new byte[1][];
    Consumer<Path> keepFirstThenBreak =
        disk -> {
          first[0] = read(disk.resolve(FIRST));
          breakDisk.accept(disk);
        };
    try (Estimator estimator =
        estimator(
            new CheckpointHandler(folder), new BreakDiskAtEpoch(1, folder, keepFirstThenBreak))) {
      HandlerFailedException e =
          assertThrows(
              HandlerFailedException.class,
              () -> estimator.fit(Blobs.dataset(manager, 96, 16, 1, true), null, 2));
      return new Broken(e, first[0]);
    }
  }

  private static void assertFirstIntactAndNoTemporary(Path folder, byte[] first) throws Exception {
    assertArrayEquals(first, Files.readAllBytes(folder.resolve(FIRST)), "the first is untouched");
    try (Stream<Path> files = Files.list(folder)) {
      List<String> temporaries =
          files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
      assertEquals(List.of(), temporaries, "no temporary file left");
    }
  }

  private boolean mountTmpfs(Path at, String options) throws Exception {
    Files.createDirectories(at);
    if (command("mount", "-t", "tmpfs", "-o", options, "tmpfs", at.toString()) != 0) {
      return false;
    }
    mounted = at;
    return true;
  }

  private static int command(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), String.join(" ", command));
    return process.exitValue();
  }

  @Test
  void aFullTmpfs() throws Exception {
    Path disk = dir.resolve("disk");
    assumeTrue(mountTmpfs(disk, "size=1m"), "mounting a tmpfs needs root");
    Broken broken = secondSaveFails(disk, BreakDiskAtEpoch::fill);
    String m = broken.failure().getMessage();
    assertTrue(m.contains("Could not write checkpoint " + disk), m);
    assertTrue(m.contains("No space left on device"), m);
    assertTrue(m.contains("The previous checkpoints are untouched"), m);
    assertFirstIntactAndNoTemporary(disk, broken.first());

    Files.delete(disk.resolve("filler"));
    try (Estimator estimator = estimator()) {
      assertEquals(
          Outcome.COMPLETED,
          estimator
              .resume(disk, Blobs.dataset(manager, 96, 16, 1, true), null, Budget.epochs(2))
              .outcome(),
          "space freed, the run resumes from the first checkpoint");
    }
  }

  @Test
  void aFullDecoratedStore() throws Exception {
    Configuration limited =
        Configuration.unix().toBuilder().setBlockSize(4096).setMaxSize(1 << 20).build();
    try (FileSystem memory = Jimfs.newFileSystem(limited)) {
      Path disk = memory.getPath("/checkpoints");
      Broken broken = secondSaveFails(disk, BreakDiskAtEpoch::fill);
      String m = broken.failure().getMessage();
      assertTrue(m.contains("Could not write checkpoint /checkpoints"), m);
      assertTrue(m.contains("out of disk space"), m);
      assertFirstIntactAndNoTemporary(disk, broken.first());
    }
  }

  @Test
  void aFolderTurnedReadOnly() throws Exception {
    Path disk = dir.resolve("disk");
    assumeTrue(mountTmpfs(disk, "size=4m"), "mounting a tmpfs needs root");
    Broken broken =
        secondSaveFails(
            disk,
            folder -> {
              try {
                assertEquals(0, command("mount", "-o", "remount,ro", folder.toString()));
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            });
    String m = broken.failure().getMessage();
    assertTrue(m.contains("Could not write checkpoint " + disk), m);
    assertTrue(m.contains("Read-only file system"), m);
    assertFirstIntactAndNoTemporary(disk, broken.first());
  }

  @Test
  void aFolderThatCannotBeCreated() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
    Path folder = file.resolve("checkpoints");
    GradientUpdateHandler steps = new GradientUpdateHandler();
    try (Estimator estimator = estimator(new CheckpointHandler(folder), steps)) {
      HandlerFailedException e =
          assertThrows(
              HandlerFailedException.class,
              () -> estimator.fit(Blobs.dataset(manager, 96, 16, 1), null, 1));
      assertTrue(
          e.getMessage().contains("Cannot create the checkpoint folder " + folder + ": "),
          e.getMessage());
      assertEquals(0, steps.steps(), "it failed at train begin, before any batch");
    }
  }

  @Test
  void temporariesOfThisPrefixAreRemovedAtTrainBegin() throws Exception {
    Path stale = Files.writeString(dir.resolve("checkpoint-epoch3batch18.ckpt.tmp"), "half");
    Path best = Files.writeString(dir.resolve("checkpoint-best.ckpt.tmp"), "half");
    Path other = Files.writeString(dir.resolve("other-epoch1batch6.ckpt.tmp"), "someone else's");
    try (Estimator estimator = estimator(new CheckpointHandler(dir))) {
      estimator.fit(Blobs.dataset(manager, 96, 16, 1), null, 1);
    }
    assertTrue(Files.notExists(stale));
    assertTrue(Files.notExists(best));
    assertTrue(Files.exists(other), "another prefix's files are not ours to delete");
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.fitkit.testing;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.annotations.Priority;
import dev.fitkit.event.EpochEnd;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * At the end of a given epoch, just before the checkpoint handler saves, does something to the
 * disk: fills it with a file until the file system refuses, remounts it read-only, ...
 */
@FitHandler(id = "test.break-disk", autoLoad = false)
public final class BreakDiskAtEpoch {
  private final int epoch;
  private final Consumer<Path> action;
  private final Path folder;

  public BreakDiskAtEpoch(int epoch, Path folder, Consumer<Path> action) {
    this.epoch = epoch;
    this.folder = folder;
    this.action = action;
  }

  @OnEpochEnd(priority = Priority.CHECKPOINT - 1)
  void atEpochEnd(EpochEnd event) {
    if (event.epoch() == epoch) {
      action.accept(folder);
    }
  }

  /** Writes {@code folder/filler} until the disk is full. */
  public static void fill(Path folder) {
    byte[] chunk = new byte[4096];
    try (OutputStream out = Files.newOutputStream(folder.resolve("filler"))) {
      while (true) {
        out.write(chunk);
        out.flush();
      }
    } catch (IOException full) {
      // The disk is full: what the test wanted.
    }
  }
}

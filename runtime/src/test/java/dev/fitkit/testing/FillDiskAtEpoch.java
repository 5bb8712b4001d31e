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
 * disk: fills it with a file until the file system refuses, or runs a given action.
 */
@FitHandler(id = "test.fill-disk", autoLoad = false)
public final class FillDiskAtEpoch {
  private final int epoch;
  private final Consumer<Path> action;
  private final Path folder;

  private FillDiskAtEpoch(int epoch, Path folder, Consumer<Path> action) {
    this.epoch = epoch;
    this.folder = folder;
    this.action = action;
  }

  /** Writes {@code folder/filler} until the disk is full. */
  public static FillDiskAtEpoch fill(int epoch, Path folder) {
    return new FillDiskAtEpoch(epoch, folder, FillDiskAtEpoch::fillUp);
  }

  /** Runs {@code action} on {@code folder}. */
  public static FillDiskAtEpoch run(int epoch, Path folder, Consumer<Path> action) {
    return new FillDiskAtEpoch(epoch, folder, action);
  }

  @OnEpochEnd(priority = Priority.CHECKPOINT - 1)
  void atEpochEnd(EpochEnd event) {
    if (event.epoch() == epoch) {
      action.accept(folder);
    }
  }

  /** Fills the disk now. */
  public void fillNow() {
    fillUp(folder);
  }

  private static void fillUp(Path folder) {
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

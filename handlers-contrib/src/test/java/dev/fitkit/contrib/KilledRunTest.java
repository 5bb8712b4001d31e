package dev.fitkit.contrib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.contrib.tensorboard.TensorFlowEvents;
import dev.fitkit.event.EpochEnd;
import dev.fitkit.testsupport.FitHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM killed at the worst moment: its second epoch's CSV row, JSON lines and TensorBoard scalars
 * are written, its checkpoint is not. The resumed run's files must read as an uninterrupted run's:
 * CSV and JSON lines byte for byte, TensorBoard's scalars once TensorBoard drops what the session
 * start orphans.
 */
class KilledRunTest {
  private static final int EPOCHS = 3;
  private static final int KILLED_AT_EPOCH = 1;
  @TempDir Path folder;

  @Test
  void theResumedRunsFilesReadAsAnUninterruptedRunsFiles() throws Exception {
    Path killed = folder.resolve("killed");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-cp",
                System.getProperty(
                    "surefire.test.class.path", System.getProperty("java.class.path")),
                Child.class.getName(),
                killed.toString())
            .redirectErrorStream(true)
            .redirectOutput(folder.resolve("child.log").toFile())
            .start();
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child ended");
    assertEquals(Halt.STATUS, child.exitValue(), Files.readString(folder.resolve("child.log")));
    assertEquals(KILLED_AT_EPOCH + 2, Files.readAllLines(killed.resolve("metrics.csv")).size());

    harness(killed).resume(killed.resolve("checkpoints"));
    Path uninterrupted = folder.resolve("uninterrupted");
    harness(uninterrupted).fit();

    for (String file : List.of("metrics.csv", "steps.jsonl")) {
      assertEquals(
          Files.readString(uninterrupted.resolve(file)),
          Files.readString(killed.resolve(file)),
          file);
    }
    assertEquals(
        TensorFlowEvents.shownScalars(uninterrupted.resolve("tb/train")),
        TensorFlowEvents.shownScalars(killed.resolve("tb/train")));
    assertEquals(
        TensorFlowEvents.shownScalars(uninterrupted.resolve("tb/validation")),
        TensorFlowEvents.shownScalars(killed.resolve("tb/validation")));
  }

  static FitHarness harness(Path folder) {
    return FitHarness.withHandlersFrom(
            () -> new CsvHandler(folder.resolve("metrics.csv")),
            () -> new JsonLinesHandler(folder.resolve("steps.jsonl"), 1),
            () -> new TensorBoardHandler(folder.resolve("tb"), 1))
        .checkpoints(folder.resolve("checkpoints"))
        .epochs(EPOCHS);
  }

  /** The killed run: trains with the pack's handlers and halts the JVM inside an epoch end. */
  public static final class Child {
    private Child() {}

    public static void main(String[] args) {
      harness(Path.of(args[0])).handlers(new Halt()).fit();
      System.exit(1);
    }
  }

  /** Halts the JVM as a kill would: no shutdown hook, no finally, no flush. */
  @FitHandler(id = "test.halt", autoLoad = false)
  public static final class Halt {
    static final int STATUS = 77;

    // After the pack's records of the epoch, before its checkpoint.
    @OnEpochEnd(priority = CsvHandler.RECORD_PRIORITY + 5)
    void halt(EpochEnd event) {
      if (event.epoch() == KILLED_AT_EPOCH) {
        Runtime.getRuntime().halt(STATUS);
      }
    }
  }
}

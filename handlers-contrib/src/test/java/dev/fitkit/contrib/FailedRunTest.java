package dev.fitkit.contrib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.contrib.tensorboard.TensorFlowEvents;
import dev.fitkit.event.BatchEnd;
import dev.fitkit.testsupport.FitHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A handler fails after a batch's optimizer step and before the pack's records of it: the failure's
 * checkpoint holds that batch, so the resume starts after it, and its JSON line and batch scalars
 * must have been written at train end, before that checkpoint.
 */
class FailedRunTest {
  @TempDir Path folder;

  @Test
  void theFailedBatchesRecordsAreWrittenBeforeTheFailuresCheckpoint() throws Exception {
    Path failed = folder.resolve("failed");
    assertThrows(
        RuntimeException.class, () -> harness(failed).handlers(new FailsAfterStep(9)).fit());
    harness(failed).resume(failed.resolve("checkpoints"));
    Path uninterrupted = folder.resolve("uninterrupted");
    harness(uninterrupted).fit();

    assertEquals(
        Files.readString(uninterrupted.resolve("steps.jsonl")),
        Files.readString(failed.resolve("steps.jsonl")));
    assertEquals(batchLosses(uninterrupted), batchLosses(failed));
  }

  private static FitHarness harness(Path folder) {
    return FitHarness.withHandlersFrom(
            () -> new JsonLinesHandler(folder.resolve("steps.jsonl"), 1),
            () -> new TensorBoardHandler(folder.resolve("tb"), 1))
        .checkpoints(folder.resolve("checkpoints"))
        .epochs(2);
  }

  /** The {@code batch_loss} scalars TensorBoard shows, by step. */
  private static Map<String, Float> batchLosses(Path folder) throws Exception {
    Map<String, Float> shown = TensorFlowEvents.shownScalars(folder.resolve("tb/train"));
    shown.keySet().removeIf(key -> !key.startsWith("batch_loss@"));
    return shown;
  }

  /** Fails at a batch's end after the optimizer step took it, before the pack's records. */
  @FitHandler(id = "test.fails-after-step", autoLoad = false)
  public static final class FailsAfterStep {
    private final long step;

    FailsAfterStep(long step) {
      this.step = step;
    }

    @OnBatchEnd
    void fail(BatchEnd event) {
      if (event.stepsCompleted() == step) {
        throw new IllegalStateException("boom after step " + step);
      }
    }
  }
}

package dev.fitkit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;
import dev.fitkit.Budget;
import dev.fitkit.Estimator;
import dev.fitkit.FitResult;
import dev.fitkit.Outcome;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.Nets;
import dev.fitkit.testing.TrainUntilKilled;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C, as a real process receives it: the JVM's exit saves a checkpoint the run resumes from.
 */
class SaveOnExitTest {

  @Test
  void aTerminatedTrainingLeavesACheckpointToResumeFrom(@TempDir Path dir) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path log = dir.resolve("training.log");
    Process training =
        new ProcessBuilder(
                java,
                "-Dai.djl.offline=true",
                "-Dai.djl.default_engine=PyTorch",
                "-cp",
                classPath,
                TrainUntilKilled.class.getName(),
                dir.resolve("checkpoints").toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.readString(log).contains("TRAINING")
        && training.isAlive()
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    training.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C
    assertTrue(training.waitFor(60, TimeUnit.SECONDS), "the process exits");
    String output = Files.readString(log);
    assertTrue(output.contains("fitkit: exit requested, saving a checkpoint"), output);

    List<Path> saved =
        new CheckpointStore(dir.resolve("checkpoints"), "checkpoint").periodicFiles();
    assertEquals(1, saved.size(), output);
    RunState run = CheckpointFile.read(saved.get(0)).run();
    assertTrue(run.stepsCompleted() >= 20, "saved after the batches it ran: " + run.stepsCompleted());
    assertEquals(null, run.outcome(), "an interrupted run can be resumed");

    try (NDManager manager = NDManager.newBaseManager();
        Estimator estimator =
            Estimator.builder()
                .block(Nets.mlp())
                .loss(Loss.softmaxCrossEntropyLoss())
                .seed(3)
                .discoverHandlers(false)
                .build()) {
      FitResult result =
          estimator.resume(
              dir.resolve("checkpoints"),
              Blobs.dataset(manager, 64, 16, 1, true),
              null,
              Budget.batches(run.stepsCompleted() + 4));
      assertEquals(Outcome.COMPLETED, result.outcome());
      assertEquals(run.stepsCompleted() + 4, result.batches());
    }
  }
}

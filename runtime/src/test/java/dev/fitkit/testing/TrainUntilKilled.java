package dev.fitkit.testing;

import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;
import dev.fitkit.Budget;
import dev.fitkit.Estimator;
import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.handlers.CheckpointHandler;
import java.nio.file.Path;

/**
 * A training that runs until its JVM is told to exit; the exit test starts it as a separate
 * process.
 */
public final class TrainUntilKilled {
  private TrainUntilKilled() {}

  public static void main(String[] args) {
    CheckpointHandler checkpoints =
        CheckpointHandler.builder(Path.of(args[0])).epochPeriod(0).build();
    try (NDManager manager = NDManager.newBaseManager();
        Estimator estimator =
            Estimator.builder()
                .block(Nets.mlp())
                .loss(Loss.softmaxCrossEntropyLoss())
                .seed(3)
                .discoverHandlers(false)
                .handlers(checkpoints, new Announce())
                .build()) {
      estimator.fit(Blobs.dataset(manager, 64, 16, 1, true), null, Budget.epochs(1_000_000));
    }
  }

  /** Tells the parent process that batches are running. */
  @FitHandler(id = "test.announce", autoLoad = false)
  public static final class Announce {
    @OnBatchEnd
    void announce(dev.fitkit.event.BatchEnd event) {
      if (event.globalStep() == 20) {
        System.out.println("TRAINING");
        System.out.flush();
      }
    }
  }
}

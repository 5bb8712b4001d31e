package dev.fitkit.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.loss.Loss;
import dev.fitkit.Estimator;
import dev.fitkit.checkpoint.Checkpoint;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.Nets;
import org.junit.jupiter.api.Test;

/** A rewind takes only a snapshot of its own network, and says so otherwise. */
class RunCodecRewindTest {
  private static Estimator trained(Block block, NDManager manager) {
    Estimator estimator =
        Estimator.builder()
            .block(block)
            .loss(Loss.softmaxCrossEntropyLoss())
            .discoverHandlers(false)
            .build();
    estimator.fit(Blobs.dataset(manager, 32, 16, 1), 1);
    return estimator;
  }

  @Test
  void refusesASnapshotOfAnotherNetwork() {
    try (NDManager manager = NDManager.newBaseManager();
        Estimator mlp = trained(Nets.mlp(), manager);
        Estimator linear =
            trained(new SequentialBlock().add(Linear.builder().setUnits(3).build()), manager)) {
      byte[] before = ParameterBytes.save(mlp.model().getBlock());
      Checkpoint other = new Checkpoint(null, ParameterBytes.save(linear.model().getBlock()), null);
      RunCodec codec = new RunCodec(mlp.trainer(), null, null, null, null);
      assertEquals(
          "The snapshot to rewind to is not of this network: Saved parameters hold 2 arrays, the"
              + " network has 4",
          assertThrows(IllegalStateException.class, () -> codec.rewind(other)).getMessage());
      assertEquals(
          java.util.Arrays.toString(before),
          java.util.Arrays.toString(ParameterBytes.save(mlp.model().getBlock())));
    }
  }
}

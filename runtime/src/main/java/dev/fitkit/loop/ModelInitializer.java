package dev.fitkit.loop;

import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;

/**
 * Deferred initialization, as Gluon's: parameter shapes come from the first batch the network sees.
 * Once it found the block initialized it stops asking: DJL rebuilds the parameter list to answer.
 */
final class ModelInitializer {
  private boolean initialized;

  void ensureInitialized(Trainer trainer, Batch batch) {
    if (initialized) {
      return;
    }
    Block block = trainer.getModel().getBlock();
    initialized = block.isInitialized();
    if (!initialized) {
      try {
        trainer.initialize(batch.getData().getShapes());
      } catch (RuntimeException e) {
        throw FirstBatchCheck.networkFailed(batch.getData(), batch.getLabels(), e);
      }
      initialized = true;
    }
  }
}

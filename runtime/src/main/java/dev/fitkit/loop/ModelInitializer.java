package dev.fitkit.loop;

import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;

/**
 * Deferred initialization, as Gluon's: parameter shapes come from the first batch the network sees.
 */
final class ModelInitializer {
  private ModelInitializer() {}

  static void ensureInitialized(Trainer trainer, Batch batch) {
    Block block = trainer.getModel().getBlock();
    if (!block.isInitialized()) {
      try {
        trainer.initialize(batch.getData().getShapes());
      } catch (RuntimeException e) {
        throw FirstBatchCheck.networkFailed(batch.getData(), batch.getLabels(), e);
      }
    }
  }
}

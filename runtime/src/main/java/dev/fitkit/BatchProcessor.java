package dev.fitkit;

import ai.djl.Device;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import dev.fitkit.event.BatchOutput;
import java.util.List;

/**
 * Runs one batch through the network: Gluon's {@code BatchProcessor}. The default splits the batch
 * across the devices, runs forward and the loss on each slice and, when training, backward. Replace
 * it for networks with several outputs or losses, or a custom step; the optimizer step itself stays
 * with the gradient-update handler.
 */
public interface BatchProcessor {

  /** Forward, loss and backward for one training batch. Must not call {@code trainer.step()}. */
  BatchOutput trainBatch(Trainer trainer, Batch batch, List<Device> devices);

  /** Forward and loss for one validation batch, without recording gradients. */
  BatchOutput evaluateBatch(Trainer trainer, Batch batch, List<Device> devices);
}

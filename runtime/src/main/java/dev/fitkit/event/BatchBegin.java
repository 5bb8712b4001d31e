package dev.fitkit.event;

import ai.djl.training.dataset.Batch;

/** Fired before each training batch is run through the network. */
public final class BatchBegin extends FitEvent {
  private final Batch batch;

  public BatchBegin(FitContext context, Batch batch) {
    super(context);
    this.batch = batch;
  }

  /** The batch index within the epoch, 0-based. */
  public long batchIndex() {
    return context().batch();
  }

  /** The batch as the dataset gave it; closed after the batch ends. */
  public Batch batch() {
    return batch;
  }
}

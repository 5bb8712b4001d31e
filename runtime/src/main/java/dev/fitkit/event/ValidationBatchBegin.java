package dev.fitkit.event;

import ai.djl.training.dataset.Batch;

/** Fired before each validation batch is run through the network. */
public final class ValidationBatchBegin extends FitEvent {
  private final Batch batch;
  private final long batchIndex;

  public ValidationBatchBegin(FitContext context, Batch batch, long batchIndex) {
    super(context);
    this.batch = batch;
    this.batchIndex = batchIndex;
  }

  /** The batch's index within the validation pass, 0-based. */
  public long batchIndex() {
    return batchIndex;
  }

  /** The batch as the dataset gave it; closed after the batch ends. */
  public Batch batch() {
    return batch;
  }
}

package dev.fitkit.event;

import ai.djl.ndarray.NDList;
import ai.djl.training.dataset.Batch;

/**
 * Fired after each batch of {@code Estimator.predict} ran through the network. Its outputs are
 * closed with the batch: a handler that keeps them copies them (or writes them, as {@code
 * PredictionWriter} does).
 */
public final class PredictBatchEnd extends FitEvent {
  private final Batch batch;
  private final long batchIndex;
  private final NDList outputs;

  public PredictBatchEnd(FitContext context, Batch batch, long batchIndex, NDList outputs) {
    super(context);
    this.batch = batch;
    this.batchIndex = batchIndex;
    this.outputs = outputs;
  }

  /** The batch's index in the prediction pass, 0-based. */
  public long batchIndex() {
    return batchIndex;
  }

  /** The batch as the dataset gave it. */
  public Batch batch() {
    return batch;
  }

  /** The network's outputs for the batch, one array per output, the batch's samples on axis 0. */
  public NDList outputs() {
    return outputs;
  }

  /** Samples in the batch. */
  public int batchSize() {
    return Math.toIntExact(outputs.head().getShape().get(0));
  }
}

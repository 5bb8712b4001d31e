package dev.fitkit.event;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.dataset.Batch;
import java.util.List;

/** An event that carries a batch and what the network and loss made of it. */
public abstract class BatchOutputEvent extends FitEvent {
  private final BatchOutput output;

  protected BatchOutputEvent(FitContext context, BatchOutput output) {
    super(context);
    this.output = output;
  }

  /** The batch index within the epoch (or the validation pass), 0-based. */
  public long batchIndex() {
    return context().batch();
  }

  /** The batch as the dataset gave it; closed after this event. */
  public Batch batch() {
    return output.batch();
  }

  /** What ran on each device. */
  public List<DeviceSlice> slices() {
    return output.slices();
  }

  /** Samples in the batch. */
  public int batchSize() {
    return output.size();
  }

  /** The labels, one list per device. */
  public List<NDList> labels() {
    return slices().stream().map(DeviceSlice::labels).toList();
  }

  /** The network's outputs, one list per device. */
  public List<NDList> predictions() {
    return slices().stream().map(DeviceSlice::predictions).toList();
  }

  /** The loss values, one per device. */
  public List<NDArray> losses() {
    return slices().stream().map(DeviceSlice::loss).toList();
  }

  /** The batch's mean loss (copies to the host). */
  public double meanLoss() {
    return output.meanLoss();
  }

  /** The whole output, for handlers that pass it on. */
  public BatchOutput output() {
    return output;
  }
}

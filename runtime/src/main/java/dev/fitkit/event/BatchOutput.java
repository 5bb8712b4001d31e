package dev.fitkit.event;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.dataset.Batch;
import java.util.List;

/**
 * A batch and what forward and loss made of it, one slice per device. The size and the mean loss
 * are worked out once, on first use, however many handlers ask.
 */
public final class BatchOutput {
  private final Batch batch;
  private final List<DeviceSlice> slices;
  private final int size;
  private double meanLoss = Double.NaN;
  private boolean meanLossKnown;

  /**
   * @param batch the whole batch as the dataset gave it
   * @param slices one per device the batch was split across
   */
  public BatchOutput(Batch batch, List<DeviceSlice> slices) {
    this.batch = batch;
    this.slices = List.copyOf(slices);
    int samples = 0;
    for (DeviceSlice slice : this.slices) {
      samples += slice.size();
    }
    this.size = samples;
  }

  /** The whole batch as the dataset gave it. */
  public Batch batch() {
    return batch;
  }

  /** One per device the batch was split across. */
  public List<DeviceSlice> slices() {
    return slices;
  }

  /** Samples in the batch. */
  public int size() {
    return size;
  }

  /**
   * The mean loss over the batch, weighting each slice by its size. Copies to the host once; a loss
   * that is already one number (DJL's losses are) is read as it is, with no extra array operation.
   */
  public double meanLoss() {
    if (!meanLossKnown) {
      double sum = 0;
      for (DeviceSlice slice : slices) {
        sum += mean(slice.loss()) * (double) slice.size();
      }
      meanLoss = sum / size;
      meanLossKnown = true;
    }
    return meanLoss;
  }

  private static float mean(NDArray loss) {
    return loss.size() == 1 && loss.getDataType() == DataType.FLOAT32
        ? loss.toFloatArray()[0]
        : loss.mean().getFloat();
  }
}

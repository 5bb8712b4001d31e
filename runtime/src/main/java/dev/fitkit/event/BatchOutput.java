package dev.fitkit.event;

import ai.djl.training.dataset.Batch;
import java.util.List;

/**
 * A batch and what forward and loss made of it, one slice per device.
 *
 * @param batch the whole batch as the dataset gave it
 * @param slices one per device the batch was split across
 */
public record BatchOutput(Batch batch, List<DeviceSlice> slices) {
  public BatchOutput {
    slices = List.copyOf(slices);
  }

  /** Samples in the batch. */
  public int size() {
    return slices.stream().mapToInt(DeviceSlice::size).sum();
  }

  /** The mean loss over the batch, weighting each slice by its size. Copies to the host. */
  public double meanLoss() {
    double sum = 0;
    for (DeviceSlice slice : slices) {
      sum += slice.loss().mean().getFloat() * (double) slice.size();
    }
    return sum / size();
  }
}

package dev.fitkit.loop;

import ai.djl.Device;
import ai.djl.training.dataset.Batch;
import java.util.List;

/**
 * Splits a batch across devices, as Gluon's {@code split_and_load}: device {@code i} gets the
 * {@code i}-th contiguous part along the batch axis, the last part takes the remainder, and a batch
 * smaller than the device count uses fewer devices.
 */
public final class DeviceSplit {
  private DeviceSplit() {}

  /** The slices, each already on its device; they share the batch's memory manager. */
  public static Batch[] split(Batch batch, List<Device> devices) {
    if (devices.isEmpty()) {
      throw new IllegalArgumentException("No devices to split the batch across");
    }
    int used = Math.max(1, Math.min(devices.size(), batch.getSize()));
    return batch.split(devices.subList(0, used).toArray(Device[]::new), false);
  }
}

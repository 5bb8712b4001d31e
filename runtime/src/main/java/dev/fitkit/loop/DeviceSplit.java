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

  /**
   * The slices, each already on its device; they share the batch's memory manager. One device that
   * already holds the batch gets the batch itself: no split, no copy.
   */
  public static Batch[] split(Batch batch, List<Device> devices) {
    if (devices.isEmpty()) {
      throw new IllegalArgumentException("No devices to split the batch across");
    }
    if (devices.size() == 1 && onDevice(batch, devices.get(0))) {
      return new Batch[] {batch};
    }
    int used = Math.max(1, Math.min(devices.size(), batch.getSize()));
    return batch.split(devices.subList(0, used).toArray(Device[]::new), false);
  }

  private static boolean onDevice(Batch batch, Device device) {
    return batch.getData().stream().allMatch(a -> a.getDevice().equals(device))
        && batch.getLabels().stream().allMatch(a -> a.getDevice().equals(device));
  }
}

package dev.fitkit.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import dev.fitkit.testing.Blobs;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceSplitTest {
  private static final List<Device> THREE = List.of(Device.cpu(), Device.cpu(), Device.cpu());
  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private Batch firstBatch(int samples) throws Exception {
    return Blobs.dataset(manager, samples, samples, 1).getData(manager).iterator().next();
  }

  private static List<Long> sizes(Batch[] slices) {
    return Arrays.stream(slices).map(s -> s.getData().head().getShape().get(0)).toList();
  }

  @Test
  void splitsAlongTheBatchAxisAcrossEveryDevice() throws Exception {
    try (Batch batch = firstBatch(12)) {
      Batch[] slices = DeviceSplit.split(batch, THREE);
      assertEquals(List.of(4L, 4L, 4L), sizes(slices));
      // Contiguous parts, in order: the slices put back together are the batch.
      float[] whole = batch.getData().head().toFloatArray();
      float[] third = slices[2].getData().head().toFloatArray();
      assertEquals(whole[whole.length - 1], third[third.length - 1]);
      assertEquals(
          List.of(4L, 4L, 4L),
          Arrays.stream(slices).map(s -> s.getLabels().head().getShape().get(0)).toList());
    }
  }

  @Test
  void unevenBatchesKeepEverySample() throws Exception {
    try (Batch batch = firstBatch(10)) {
      List<Long> sizes = sizes(DeviceSplit.split(batch, THREE));
      assertEquals(3, sizes.size());
      assertEquals(10L, sizes.stream().mapToLong(Long::longValue).sum());
    }
  }

  @Test
  void aBatchSmallerThanTheDeviceCountUsesFewerDevices() throws Exception {
    try (Batch batch = firstBatch(2)) {
      assertEquals(List.of(1L, 1L), sizes(DeviceSplit.split(batch, THREE)));
    }
  }

  @Test
  void oneDeviceKeepsTheBatchWhole() throws Exception {
    try (Batch batch = firstBatch(5)) {
      Batch[] slices = DeviceSplit.split(batch, List.of(Device.cpu()));
      assertEquals(List.of(5L), sizes(slices));
      assertSame(batch, slices[0], "a batch already on the one device is not split or copied");
    }
  }

  @Test
  void noDevicesIsAnError() throws Exception {
    try (Batch batch = firstBatch(5)) {
      assertEquals(
          "No devices to split the batch across",
          assertThrows(IllegalArgumentException.class, () -> DeviceSplit.split(batch, List.of()))
              .getMessage());
    }
  }
}

package dev.fitkit.examples.detection;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import dev.fitkit.BatchProcessor;
import dev.fitkit.event.BatchOutput;
import dev.fitkit.event.DeviceSlice;
import java.util.ArrayList;
import java.util.List;

/**
 * One batch through the detector: per device, forward (two outputs), match the anchors to the boxes
 * by IoU, the class loss plus the box loss, and backward on their sum when training. The metrics
 * get the boxes as labels and (class logits, box offsets) as predictions.
 */
public final class SsdBatchProcessor implements BatchProcessor {
  private final SsdLoss loss;

  /**
   * @param loss matches anchors and computes both losses
   */
  public SsdBatchProcessor(SsdLoss loss) {
    this.loss = loss;
  }

  @Override
  public BatchOutput trainBatch(Trainer trainer, Batch batch, List<Device> devices) {
    try (GradientCollector collector = trainer.newGradientCollector()) {
      List<DeviceSlice> slices = run(trainer, batch, devices, true);
      for (DeviceSlice slice : slices) {
        collector.backward(slice.loss());
      }
      return new BatchOutput(batch, slices);
    }
  }

  @Override
  public BatchOutput evaluateBatch(Trainer trainer, Batch batch, List<Device> devices) {
    return new BatchOutput(batch, run(trainer, batch, devices, false));
  }

  private List<DeviceSlice> run(
      Trainer trainer, Batch batch, List<Device> devices, boolean training) {
    List<DeviceSlice> slices = new ArrayList<>();
    for (Batch part : batch.split(devices.toArray(Device[]::new), false)) {
      NDList data = part.getData();
      NDList labels = part.getLabels();
      NDList outputs = training ? trainer.forward(data, labels) : trainer.evaluate(data);
      SsdLoss.Matched matched = loss.match(labels.head(), part.getManager());
      NDArray classLoss = loss.classLoss(outputs.get(0), matched);
      NDArray boxLoss = loss.boxLoss(outputs.get(1), matched);
      slices.add(
          new DeviceSlice(
              data.head().getDevice(),
              part.getSize(),
              data,
              labels,
              new NDList(outputs.get(0), outputs.get(1)),
              classLoss.add(boxLoss)));
    }
    return slices;
  }
}

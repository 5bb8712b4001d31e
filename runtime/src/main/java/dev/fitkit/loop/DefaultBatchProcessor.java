package dev.fitkit.loop;

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
 * One network, one loss: the batch is split across devices, each slice goes through forward and the
 * loss, and when training the loss is back-propagated. The first batch runs with checks that turn
 * DJL's shape errors into messages naming the fix.
 */
public final class DefaultBatchProcessor implements BatchProcessor {
  private final FirstBatchCheck check = new FirstBatchCheck();

  @Override
  public BatchOutput trainBatch(Trainer trainer, Batch batch, List<Device> devices) {
    List<DeviceSlice> slices = new ArrayList<>();
    try (GradientCollector collector = trainer.newGradientCollector()) {
      for (Batch split : DeviceSplit.split(batch, devices)) {
        DeviceSlice slice = forwardAndLoss(trainer, split, true);
        collector.backward(slice.loss());
        slices.add(slice);
      }
    }
    return new BatchOutput(batch, slices);
  }

  @Override
  public BatchOutput evaluateBatch(Trainer trainer, Batch batch, List<Device> devices) {
    List<DeviceSlice> slices = new ArrayList<>();
    for (Batch split : DeviceSplit.split(batch, devices)) {
      slices.add(forwardAndLoss(trainer, split, false));
    }
    return new BatchOutput(batch, slices);
  }

  private DeviceSlice forwardAndLoss(Trainer trainer, Batch split, boolean training) {
    NDList data = split.getData();
    NDList labels = split.getLabels();
    check.batch(trainer, data, labels);
    NDList predictions =
        check.forward(
            data, labels, () -> training ? trainer.forward(data, labels) : trainer.evaluate(data));
    NDArray loss =
        check.loss(
            trainer, labels, predictions, () -> trainer.getLoss().evaluate(labels, predictions));
    check.passed();
    // The slice's own size field can disagree with its arrays on uneven splits; the arrays are the
    // truth.
    int size = Math.toIntExact(data.head().getShape().get(0));
    return new DeviceSlice(data.head().getDevice(), size, data, labels, predictions, loss);
  }
}

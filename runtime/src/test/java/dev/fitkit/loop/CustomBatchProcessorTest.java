package dev.fitkit.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.loss.Loss;
import dev.fitkit.BatchProcessor;
import dev.fitkit.Estimator;
import dev.fitkit.FitResult;
import dev.fitkit.LearningRate;
import dev.fitkit.event.BatchOutput;
import dev.fitkit.event.DeviceSlice;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.TwoOutputs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A network with two heads and a loss per head, trained through a custom BatchProcessor: the
 * mechanism for several outputs, losses and metrics, as Gluon's overridable batch processor.
 */
class CustomBatchProcessorTest {

  /** Sums a softmax loss per head; metrics score the first head. */
  private static final class TwoHeads implements BatchProcessor {
    private final Loss perHead = Loss.softmaxCrossEntropyLoss();

    @Override
    public BatchOutput trainBatch(Trainer trainer, Batch batch, List<Device> devices) {
      try (GradientCollector collector = trainer.newGradientCollector()) {
        DeviceSlice slice = run(trainer, batch, true);
        collector.backward(slice.loss());
        return new BatchOutput(batch, List.of(slice));
      }
    }

    @Override
    public BatchOutput evaluateBatch(Trainer trainer, Batch batch, List<Device> devices) {
      return new BatchOutput(batch, List.of(run(trainer, batch, false)));
    }

    private DeviceSlice run(Trainer trainer, Batch batch, boolean training) {
      NDList data = batch.getData();
      NDList labels = batch.getLabels();
      NDList outputs = training ? trainer.forward(data, labels) : trainer.evaluate(data);
      NDArray loss =
          perHead
              .evaluate(labels, new NDList(outputs.get(0)))
              .add(perHead.evaluate(labels, new NDList(outputs.get(1))));
      return new DeviceSlice(
          Device.cpu(), batch.getSize(), data, labels, new NDList(outputs.get(0)), loss);
    }
  }

  @Test
  void twoHeadsTwoLossesOneMetric() {
    Engine.getInstance().setRandomSeed(5);
    try (NDManager manager = NDManager.newBaseManager();
        Estimator estimator =
            Estimator.builder()
                .block(TwoOutputs.block())
                .loss(Loss.softmaxCrossEntropyLoss()) // the trainer's loss; the processor computes
                // its own
                .metrics(new Accuracy())
                .batchProcessor(new TwoHeads())
                .learningRate(LearningRate.fixed(0.05f))
                .discoverHandlers(false)
                .build()) {
      FitResult result =
          estimator.fit(Blobs.dataset(manager, 300, 30, 1), Blobs.dataset(manager, 90, 30, 2), 8);

      double[] loss = result.history().series("train loss");
      assertTrue(loss[7] < loss[0], "the summed loss falls: " + java.util.Arrays.toString(loss));
      assertTrue(
          result.history().last().metric("validation accuracy") > 0.8,
          result.history().last().toString());
      assertEquals(8, result.history().size());
    }
  }
}

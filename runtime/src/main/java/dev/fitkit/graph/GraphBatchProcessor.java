package dev.fitkit.graph;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.evaluator.Evaluator;
import dev.fitkit.BatchProcessor;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.LearningRate;
import dev.fitkit.event.BatchOutput;
import dev.fitkit.event.DeviceSlice;
import java.util.List;
import java.util.UUID;

/**
 * One batch through a {@link GraphNetwork}: copied to the graph's engine, trained or evaluated by
 * one call of the graph, with no gradient collector. The learning rate of each update comes from
 * the estimator's {@link LearningRate}, so schedules and plateau handlers work as with DJL's
 * optimizers. The first batch is first evaluated, and the metrics (and the estimator's loss, when
 * the graph computes none) run on its outputs: one that cannot run on the graph's arrays fails
 * before any update.
 */
public final class GraphBatchProcessor implements BatchProcessor {
  private final GraphNetwork graph;
  private final LearningRate learningRate;
  private boolean checked;

  public GraphBatchProcessor(GraphNetwork graph, LearningRate learningRate) {
    this.graph = graph;
    this.learningRate = learningRate;
  }

  @Override
  public BatchOutput trainBatch(Trainer trainer, Batch batch, List<Device> devices) {
    NDManager arrays = arraysOf(batch);
    NDList data = copy(batch.getData(), arrays);
    NDList labels = copy(batch.getLabels(), arrays);
    if (!checked) {
      check(trainer, data, labels, arrays);
    }
    // The n-th update gets the schedule's value at n, as DJL's optimizers do; the count moves
    // only once the update happened, so a failed call leaves it for the resumed run.
    int update = learningRate.lastUpdate() + 1;
    GraphNetwork.Step step = graph.train(data, labels, learningRate.valueAt(update), arrays);
    learningRate.setLastUpdate(update);
    return output(batch, data, labels, lossOf(trainer, labels, step), step.outputs());
  }

  @Override
  public BatchOutput evaluateBatch(Trainer trainer, Batch batch, List<Device> devices) {
    NDManager arrays = arraysOf(batch);
    NDList data = copy(batch.getData(), arrays);
    NDList labels = copy(batch.getLabels(), arrays);
    if (!checked) {
      check(trainer, data, labels, arrays);
    }
    GraphNetwork.Step step = graph.evaluate(data, labels, arrays);
    return output(batch, data, labels, lossOf(trainer, labels, step), step.outputs());
  }

  /** The graph's loss, or the estimator's on the graph's outputs when the graph computes none. */
  private static NDArray lossOf(Trainer trainer, NDList labels, GraphNetwork.Step step) {
    return step.loss() != null ? step.loss() : trainer.getLoss().evaluate(labels, step.outputs());
  }

  private static BatchOutput output(
      Batch batch, NDList data, NDList labels, NDArray loss, NDList outputs) {
    int size = Math.toIntExact(data.head().getShape().get(0));
    DeviceSlice slice = new DeviceSlice(data.head().getDevice(), size, data, labels, outputs, loss);
    return new BatchOutput(batch, List.of(slice));
  }

  /** A manager of the graph's engine that lives as long as the batch. */
  private NDManager arraysOf(Batch batch) {
    NDManager arrays = graph.model().getNDManager().newSubManager();
    batch.getManager().attachInternal(UUID.randomUUID().toString(), arrays);
    return arrays;
  }

  private static NDList copy(NDList list, NDManager to) {
    NDList copied = new NDList(list.size());
    for (NDArray array : list) {
      NDArray copy = to.from(array);
      copy.setName(array.getName());
      copied.add(copy);
    }
    return copied;
  }

  /** Runs the metrics, and the loss the graph leaves to the estimator, on the first batch. */
  private void check(Trainer trainer, NDList data, NDList labels, NDManager arrays) {
    GraphNetwork.Step step = graph.evaluate(data, labels, arrays);
    String engine = graph.model().getNDManager().getEngine().getEngineName();
    if (step.loss() == null) {
      try {
        trainer.getLoss().evaluate(labels, step.outputs());
      } catch (RuntimeException e) {
        throw new FitConfigurationException(
            "The loss "
                + trainer.getLoss().getName()
                + " ("
                + trainer.getLoss().getClass().getName()
                + ") cannot run on "
                + engine
                + " arrays, the outputs of "
                + graph.model().getName()
                + ": "
                + e
                + ". DJL's "
                + engine
                + " engine lacks operations some losses need (gather, take, pick, softPlus, oneHot"
                + " of float labels). Losses that run there: SoftmaxCrossEntropyLoss with dense"
                + " (one-hot) labels, L1Loss, L2Loss, HingeLoss; or export an eval signature that"
                + " computes the loss.",
            e);
      }
    }
    for (Evaluator metric : trainer.getEvaluators()) {
      if (metric == trainer.getLoss()) {
        continue;
      }
      try {
        metric.evaluate(labels, step.outputs());
      } catch (RuntimeException e) {
        throw new FitConfigurationException(
            "The metric "
                + metric.getName()
                + " ("
                + metric.getClass().getName()
                + ") cannot run on "
                + engine
                + " arrays, the outputs of "
                + graph.model().getName()
                + ": "
                + e
                + ". DJL's "
                + engine
                + " engine lacks operations some metrics need (gather, take, topK, pick)."
                + " Metrics that run there: Accuracy, TopKAccuracy, BinaryAccuracy (DJL's or"
                + " dev.fitkit.metric's).",
            e);
      }
    }
    checked = true;
  }
}

package dev.fitkit.loop;

import ai.djl.Device;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import dev.fitkit.BatchProcessor;
import dev.fitkit.LearningRate;
import dev.fitkit.graph.GraphNetwork;
import dev.fitkit.run.OptimizerGate;
import java.util.List;

/**
 * What the estimator hands the loop: the same for every fit.
 *
 * @param trainer DJL's trainer (parameters, loss, evaluators)
 * @param devices where batches run
 * @param optimizer the trainer's optimizer, whose state checkpoints save when it allows
 * @param learningRate the rate handlers may read and change, or null
 * @param seed re-seeds the engine at every epoch, for shuffles and dropout that a resumed run
 *     repeats; null leaves the engine's randomness alone
 * @param processor runs one batch through the network
 * @param gate the optimizer the trainer calls, which passes updates on to {@code optimizer}
 * @param graph the network when it is a graph that trains itself, else null
 */
public record LoopSetup(
    Trainer trainer,
    List<Device> devices,
    Optimizer optimizer,
    LearningRate learningRate,
    Long seed,
    BatchProcessor processor,
    OptimizerGate gate,
    GraphNetwork graph) {

  public LoopSetup {
    devices = List.copyOf(devices);
  }

  /** A DJL network's setup. */
  public LoopSetup(
      Trainer trainer,
      List<Device> devices,
      Optimizer optimizer,
      LearningRate learningRate,
      Long seed,
      BatchProcessor processor,
      OptimizerGate gate) {
    this(trainer, devices, optimizer, learningRate, seed, processor, gate, null);
  }
}

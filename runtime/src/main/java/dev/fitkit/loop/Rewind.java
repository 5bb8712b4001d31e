package dev.fitkit.loop;

import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.LearningRate;
import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchBegin;
import dev.fitkit.annotations.OnTrainBegin;
import dev.fitkit.annotations.OnTrainEnd;
import dev.fitkit.checkpoint.Checkpoint;
import dev.fitkit.event.BatchBegin;
import dev.fitkit.event.FitEvent;
import dev.fitkit.event.TrainBegin;
import dev.fitkit.event.TrainEnd;
import dev.fitkit.ndarray.Gradients;
import dev.fitkit.optimizer.StatefulOptimizer;
import dev.fitkit.run.RunCodec;

/**
 * Leaves no trace of a trial run ({@code Estimator.trial}). At train begin, before any other
 * handler, it notes the learning rate (schedule, factor, update count) and takes the run's
 * snapshot, the one checkpoints save, once the network's parameters exist: then, or at the first
 * batch begin, right after that batch initialized them. At train end, after every other handler and
 * however the run ended, it puts the parameters, the optimizer's state and the learning rate back
 * bit for bit and zeroes the gradients; on a graph, its variables (weights and optimizer slots).
 *
 * <p>Only what can be saved can be put back, so {@link #of} refuses an optimizer that keeps its
 * state private, and more than one device: DJL keeps copies of the parameters on the other devices
 * in its parameter store, where no restore reaches them.
 */
@FitHandler(id = Rewind.ID, autoLoad = false)
public final class Rewind {
  static final String ID = "fitkit.rewind";

  private final RunCodec codec;
  private final LearningRate learningRate;
  private final boolean graph;
  private Tracker schedule;
  private float factor;
  private int lastUpdate;
  private Checkpoint snapshot;

  private Rewind(LoopSetup setup) {
    this.codec =
        new RunCodec(
            setup.trainer(), setup.optimizer(), setup.learningRate(), setup.seed(), setup.graph());
    this.learningRate = setup.learningRate();
    this.graph = setup.graph() != null;
  }

  /**
   * The rewind of a trial run of {@code setup}'s estimator.
   *
   * @throws FitConfigurationException when the estimator trains on several devices, or its
   *     optimizer keeps its state private
   */
  public static Rewind of(LoopSetup setup) {
    if (setup.devices().size() > 1) {
      throw new FitConfigurationException(
          "A trial run (Estimator.trial, LearningRateFinder) puts the parameters back when it"
              + " ends, which it can do on one device only, but the estimator trains on "
              + setup.devices()
              + ": DJL keeps copies of the parameters on the other devices in its parameter"
              + " store, out of reach. Build the estimator with one device for it:"
              + " .devices(Device.gpu(0)).");
    }
    Optimizer optimizer = setup.optimizer();
    if (setup.graph() == null
        && !(optimizer instanceof StatefulOptimizer stateful && stateful.canSaveState())) {
      throw new FitConfigurationException(
          "A trial run (Estimator.trial, LearningRateFinder) puts the optimizer's state back when"
              + " it ends, but "
              + optimizer.getClass().getName()
              + " keeps its state private: build the estimator with dev.fitkit.optimizer.Adam"
              + " (the default) or dev.fitkit.optimizer.Sgd, e.g. LearningRate lr ="
              + " LearningRate.fixed(0.01f); .optimizer(Sgd.builder().learningRate(lr).build())"
              + ".learningRate(lr).");
    }
    return new Rewind(setup);
  }

  @OnTrainBegin(priority = Integer.MIN_VALUE)
  void begin(TrainBegin event) {
    snapshot = null;
    if (learningRate != null) {
      schedule = learningRate.schedule();
      factor = learningRate.factor();
      lastUpdate = learningRate.lastUpdate();
    }
    if (initialized(event)) {
      snapshot = event.context().snapshot();
    }
  }

  @OnBatchBegin(priority = Integer.MIN_VALUE)
  void firstBatch(BatchBegin event) {
    if (snapshot == null) {
      snapshot = event.context().snapshot(); // the batch's initialization just ran, nothing else
    }
  }

  @OnTrainEnd(priority = Integer.MAX_VALUE)
  void end(TrainEnd event) {
    if (snapshot != null) {
      codec.rewind(snapshot);
      if (!graph) {
        Gradients.zero(event.trainer()); // a graph keeps no gradients between calls
      }
      snapshot = null;
    }
    if (learningRate != null) {
      // Last, over the snapshot's factor: a handler may have changed it before the first batch.
      learningRate.setSchedule(schedule);
      learningRate.setFactor(factor);
      learningRate.setLastUpdate(lastUpdate);
    }
  }

  private boolean initialized(FitEvent event) {
    return graph // a graph's variables exist from its load; DJL does not list them
        || event.context().model().getBlock().getParameters().values().stream()
            .allMatch(Parameter::isInitialized);
  }
}

package dev.fitkit.loop;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.google.gson.JsonElement;
import dev.fitkit.Budget;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.History;
import dev.fitkit.Outcome;
import dev.fitkit.checkpoint.Checkpoint;
import dev.fitkit.checkpoint.CheckpointStore.Saved;
import dev.fitkit.checkpoint.RunState;
import dev.fitkit.optimizer.StatefulOptimizer;
import dev.fitkit.spi.StatefulHandler;
import dev.fitkit.state.ParameterBytes;
import dev.fitkit.state.ParameterNames;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Puts a fresh loop back where a checkpoint left its run. */
final class Resumption {
  private static final Logger LOG = LoggerFactory.getLogger(Resumption.class);

  private Resumption() {}

  static void restore(
      Saved saved, Budget budget, LoopSetup setup, LoopState state, History history) {
    Checkpoint checkpoint = saved.checkpoint();
    RunState run = checkpoint.run();
    refuseFinished(saved, budget);
    Model model = setup.trainer().getModel();
    Block block = model.getBlock();
    if (!block.isInitialized()) {
      Shape[] shapes = run.inputShapes().stream().map(Shape::new).toArray(Shape[]::new);
      block.initialize(model.getNDManager(), model.getDataType(), shapes);
    }
    try {
      ParameterBytes.load(block, model.getNDManager(), checkpoint.parameters());
    } catch (MalformedModelException e) {
      throw new FitConfigurationException(
          "Checkpoint "
              + saved.file()
              + " does not fit this network: "
              + e.getMessage()
              + ". Resume with the network the run was saved from.",
          e);
    }
    restoreOptimizer(saved, setup);
    if (setup.learningRate() != null) {
      setup.learningRate().setFactor(run.learningRateFactor());
    }
    HistoryEntries.restore(run.history(), history);
    restoreHandlers(run.handlers(), state.statefulHandlers());
    state.resumeAt(run.globalStep());
    LOG.info(
        "Resuming from {}: epoch {}, {} batches trained",
        saved.file(),
        run.resumeEpoch() + 1,
        run.globalStep());
  }

  private static void refuseFinished(Saved saved, Budget budget) {
    RunState run = saved.checkpoint().run();
    if (Outcome.STOPPED.name().equals(run.outcome())) {
      throw new FitConfigurationException(
          "The run saved in "
              + saved.file()
              + " was stopped by a handler"
              + " after "
              + run.globalStep()
              + " batches, so there is nothing to resume. Start a new fit; to"
              + " begin from its weights, load them into the network first.");
    }
    if (budget.isSpent(run.epochsCompleted(), run.globalStep())) {
      throw new FitConfigurationException(
          "The run saved in "
              + saved.file()
              + " already finished: it"
              + " trained "
              + run.epochsCompleted()
              + " epochs ("
              + run.globalStep()
              + " batches) and the"
              + " budget is "
              + budget
              + ". Resume with a larger budget to train further.");
    }
  }

  private static void restoreOptimizer(Saved saved, LoopSetup setup) {
    byte[] state = saved.checkpoint().optimizer();
    if (setup.optimizer() instanceof StatefulOptimizer stateful
        && stateful.canSaveState()
        && state != null) {
      Model model = setup.trainer().getModel();
      stateful.loadState(state, model.getNDManager(), new ParameterNames(model.getBlock()).idOf());
    } else if (state == null) {
      LOG.warn(
          "Checkpoint {} holds no optimizer state: the optimizer restarts its moments, so the"
              + " resumed run will not match an uninterrupted one exactly",
          saved.file());
    } else {
      LOG.warn(
          "{} keeps its state private, so the saved optimizer state cannot be restored; use"
              + " dev.fitkit.optimizer.Adam or Sgd to resume exactly",
          setup.optimizer().getClass().getName());
    }
  }

  private static void restoreHandlers(
      Map<String, JsonElement> saved, Map<String, StatefulHandler<?>> handlers) {
    saved.forEach(
        (id, state) -> {
          StatefulHandler<?> handler = handlers.get(id);
          if (handler == null) {
            LOG.warn(
                "The checkpoint holds state for handler {}, which this run does not have; it is"
                    + " ignored",
                id);
          } else {
            HandlerStates.restore(handler, state);
          }
        });
  }
}

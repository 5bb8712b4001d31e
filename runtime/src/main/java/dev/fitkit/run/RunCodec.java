package dev.fitkit.run;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import dev.fitkit.BatchRecord;
import dev.fitkit.Budget;
import dev.fitkit.EpochRecord;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.History;
import dev.fitkit.LearningRate;
import dev.fitkit.Outcome;
import dev.fitkit.checkpoint.Checkpoint;
import dev.fitkit.checkpoint.Json;
import dev.fitkit.checkpoint.RunState;
import dev.fitkit.checkpoint.RunState.HistoryEntry;
import dev.fitkit.graph.GraphNetwork;
import dev.fitkit.optimizer.SaveableEquivalents;
import dev.fitkit.optimizer.StatefulOptimizer;
import dev.fitkit.spi.StatefulHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a run into a checkpoint and back. {@link #capture} and {@link #restore} sit side by side
 * and handle the same parts in the same order: position, parameters, optimizer state, learning rate
 * factor, seed, metrics, history, handler states. {@link #rewind} puts a live run back to a
 * snapshot of itself.
 */
public final class RunCodec {
  private static final Logger LOG = LoggerFactory.getLogger(RunCodec.class);

  private final Trainer trainer;
  private final Optimizer optimizer;
  private final LearningRate learningRate;
  private final Long seed;
  private final GraphNetwork graph;

  /**
   * @param graph the network when it is a graph that trains itself: its variables (weights and
   *     optimizer slots) take the place of the parameters and the optimizer state; else null
   */
  public RunCodec(
      Trainer trainer,
      Optimizer optimizer,
      LearningRate learningRate,
      Long seed,
      GraphNetwork graph) {
    this.trainer = trainer;
    this.optimizer = optimizer;
    this.learningRate = learningRate;
    this.seed = seed;
    this.graph = graph;
  }

  /** The parts of a live run a checkpoint holds. */
  public record Live(
      RunPosition position,
      Map<String, Double> metrics,
      History history,
      Map<String, StatefulHandler<?>> handlers) {}

  /** What a restore gives the new run: where it starts and the metrics published so far. */
  public record Restored(RunPosition position, Map<String, Double> metrics) {}

  /**
   * The run as it is now. A record of an epoch that has not ended (a failure during its end) is
   * left out: the resumed run ends that epoch again.
   */
  public Checkpoint capture(Live run) {
    RunPosition position = run.position();
    boolean ended = position.epochEndedForCheckpoint();
    // A pass between batches that has not completed (cut short, failed, or running now) is owed.
    boolean owed =
        position.validationOwed()
            || position.validating() && position.phase() == RunPosition.Phase.BATCHES;
    int epochsEnded = ended ? position.epoch() + 1 : position.epoch();
    Block block = trainer.getModel().getBlock();
    Map<String, JsonElement> handlerStates = new LinkedHashMap<>();
    run.handlers().forEach((id, h) -> handlerStates.put(id, Json.GSON.toJsonTree(h.saveState())));
    RunState state =
        new RunState(
            RunState.FORMAT,
            position.epoch(),
            position.batchesInEpoch(),
            ended,
            position.stepsCompleted(),
            !ended && position.validated(),
            !ended && owed,
            null,
            seed,
            learningRate == null ? 1f : learningRate.factor(),
            learningRate == null ? 0 : learningRate.lastUpdate(),
            graph != null
                ? List.of()
                : block.describeInput().values().stream().map(Shape::getShape).toList(),
            new LinkedHashMap<>(run.metrics()),
            historyBefore(run.history(), epochsEnded),
            batchesBefore(run.history(), position.stepsCompleted()),
            handlerStates);
    if (graph != null) {
      return new Checkpoint(state, graph.saveVariables(), null);
    }
    byte[] optimizerState =
        optimizer instanceof StatefulOptimizer stateful && stateful.canSaveState()
            ? stateful.saveState(new ParameterNames(block).nameOf())
            : null;
    return new Checkpoint(state, ParameterBytes.save(block), optimizerState);
  }

  /**
   * Puts a fresh run where {@code checkpoint} (read from {@code file}) left its run, to go on until
   * {@code budget}, the whole run's, is spent. Fills {@code history} and the handlers' states.
   *
   * @throws FitConfigurationException when the run is over or the checkpoint does not fit
   */
  public Restored restore(
      Checkpoint checkpoint,
      Path file,
      Budget budget,
      History history,
      Map<String, StatefulHandler<?>> handlers) {
    RunState state = checkpoint.run();
    refuseFinished(state, file, budget);
    // Everything is read and checked before anything changes, so a checkpoint that does not fit
    // leaves the network, the optimizer and the handlers as they were.
    Map<StatefulHandler<?>, Object> handlerStates = handlerStates(state.handlers(), handlers, file);
    if (graph != null) {
      restoreGraph(checkpoint, file);
    } else {
      restoreNetwork(checkpoint, file, state);
    }
    restoreRest(state, file, history, handlerStates);
    RunPosition position =
        RunPosition.resumed(
            budget,
            state.epochsCompleted(),
            state.resumeSkip(),
            state.stepsCompleted(),
            state.validated(),
            state.validationOwed());
    LOG.info(
        "Resuming from {}: epoch {}{}, {} batches trained",
        file,
        position.epoch() + 1,
        position.batchesInEpoch() > 0 ? " after its batch " + position.batchesInEpoch() : "",
        position.stepsCompleted());
    return new Restored(position, state.metrics());
  }

  /**
   * Puts the network's parameters, the optimizer's state and the learning rate's factor and update
   * count back as {@code snapshot}, taken of this estimator's run, holds them, bit for bit; the
   * position, metrics, history and handlers are left alone. How a trial run ({@code
   * Estimator.trial}) leaves no trace.
   */
  public void rewind(Checkpoint snapshot) {
    if (graph != null) {
      graph.restoreVariables(snapshot.parameters());
    } else {
      rewindNetwork(snapshot);
    }
    if (learningRate != null) {
      learningRate.setFactor(snapshot.run().learningRateFactor());
      learningRate.setLastUpdate(snapshot.run().learningRateUpdate());
    }
  }

  private void rewindNetwork(Checkpoint snapshot) {
    Model model = trainer.getModel();
    try (NDManager scratch = model.getNDManager().newSubManager()) {
      ParameterBytes.Checked parameters;
      try {
        parameters = ParameterBytes.check(model.getBlock(), scratch, snapshot.parameters());
      } catch (MalformedModelException e) {
        throw new IllegalStateException(
            "The snapshot to rewind to is not of this network: " + e.getMessage(), e);
      }
      if (optimizer instanceof StatefulOptimizer stateful && snapshot.optimizer() != null) {
        stateful.loadState(
            snapshot.optimizer(),
            model.getNDManager(),
            new ParameterNames(model.getBlock()).idOf());
      }
      parameters.copyIntoBlock();
    }
  }

  private void restoreNetwork(Checkpoint checkpoint, Path file, RunState state) {
    if (state.inputShapes().isEmpty()) {
      // Only a graph's checkpoint has none: its network is the graph, not a DJL block.
      throw new FitConfigurationException(
          "Checkpoint "
              + file
              + " holds a graph's variables (it was saved by a fit over .graph(...)), not the"
              + " parameters of this network. Resume with the graph the run was saved from.");
    }
    initialize(state);
    Model model = trainer.getModel();
    try (NDManager scratch = model.getNDManager().newSubManager()) {
      ParameterBytes.Checked parameters = checkParameters(checkpoint, file, scratch);
      restoreOptimizer(checkpoint, file);
      parameters.copyIntoBlock();
    }
  }

  private void restoreGraph(Checkpoint checkpoint, Path file) {
    try {
      graph.restoreVariables(checkpoint.parameters());
    } catch (IllegalArgumentException e) {
      throw new FitConfigurationException(
          "Checkpoint "
              + file
              + " does not fit the graph "
              + graph.model().getName()
              + ": "
              + e.getMessage()
              + ". Resume with the graph the run was saved from.",
          e);
    }
  }

  private void restoreRest(
      RunState state, Path file, History history, Map<StatefulHandler<?>, Object> handlerStates) {
    if (learningRate != null) {
      learningRate.setFactor(state.learningRateFactor());
      learningRate.setLastUpdate(state.learningRateUpdate());
    }
    if (!Objects.equals(seed, state.seed())) {
      LOG.warn(
          "Checkpoint {} was saved by a run with seed {}, this estimator has seed {}: the resumed"
              + " run will not repeat the original's shuffles and dropout",
          file,
          state.seed(),
          seed);
    }
    for (HistoryEntry e : state.history()) {
      history.add(
          new EpochRecord(
              e.epoch(), e.batches(), e.learningRate(), e.metrics(), Duration.ofNanos(e.nanos())));
    }
    state.batches().forEach(history::add);
    handlerStates.forEach(RunCodec::restoreHandler);
  }

  private static void refuseFinished(RunState state, Path file, Budget budget) {
    if (state.outcome() == Outcome.STOPPED) {
      throw new FitConfigurationException(
          "The run saved in "
              + file
              + " was stopped by a handler after "
              + state.stepsCompleted()
              + " batches, so there is nothing to resume. Start a new fit; to begin from its"
              + " weights, load them into the network first.");
    }
    // Spent but not ended (saved on exit or on a failure after the budget's last batch): the
    // epoch's end is still owed, and the resumed run handles it.
    boolean ended = state.epochEnded() || state.outcome() == Outcome.COMPLETED;
    if (ended && budget.isSpent(state.epochsCompleted(), state.stepsCompleted())) {
      throw new FitConfigurationException(
          "The run saved in "
              + file
              + " already finished: it trained "
              + state.epochsCompleted()
              + " epochs ("
              + state.stepsCompleted()
              + " batches) and the budget is "
              + budget
              + ". Resume with a larger budget to train further.");
    }
  }

  /** The network's parameters must exist before a checkpoint can fill them. */
  private void initialize(RunState state) {
    Model model = trainer.getModel();
    Block block = model.getBlock();
    if (!block.isInitialized()) {
      Shape[] shapes = state.inputShapes().stream().map(Shape::new).toArray(Shape[]::new);
      block.initialize(model.getNDManager(), model.getDataType(), shapes);
    }
  }

  private ParameterBytes.Checked checkParameters(
      Checkpoint checkpoint, Path file, NDManager scratch) {
    try {
      return ParameterBytes.check(trainer.getModel().getBlock(), scratch, checkpoint.parameters());
    } catch (MalformedModelException e) {
      throw new FitConfigurationException(
          "Checkpoint "
              + file
              + " does not fit this network: "
              + e.getMessage()
              + ". Resume with the network the run was saved from.",
          e);
    }
  }

  private void restoreOptimizer(Checkpoint checkpoint, Path file) {
    byte[] state = checkpoint.optimizer();
    if (optimizer instanceof StatefulOptimizer stateful
        && stateful.canSaveState()
        && state != null) {
      Model model = trainer.getModel();
      try {
        stateful.loadState(
            state, model.getNDManager(), new ParameterNames(model.getBlock()).idOf());
      } catch (IllegalArgumentException e) {
        throw new FitConfigurationException(
            "Checkpoint "
                + file
                + " holds optimizer state that "
                + optimizer.getClass().getName()
                + " cannot take: "
                + e.getMessage()
                + ". Resume with the optimizer (and network) the run was saved with.",
            e);
      }
    } else if (state == null) {
      LOG.warn(
          "Checkpoint {} holds no optimizer state: the optimizer restarts its moments, so the"
              + " resumed run will not match an uninterrupted one exactly",
          file);
    } else {
      LOG.warn(
          "{} keeps its state private, so the saved optimizer state cannot be restored; use {} to"
              + " resume exactly",
          optimizer.getClass().getName(),
          SaveableEquivalents.of(optimizer));
    }
  }

  /** Each saved handler state, read into its handler's state type; nothing restored yet. */
  private static Map<StatefulHandler<?>, Object> handlerStates(
      Map<String, JsonElement> saved, Map<String, StatefulHandler<?>> handlers, Path file) {
    Map<StatefulHandler<?>, Object> states = new LinkedHashMap<>();
    saved.forEach(
        (id, state) -> {
          StatefulHandler<?> handler = handlers.get(id);
          if (handler == null) {
            LOG.warn(
                "The checkpoint holds state for handler {}, which this run does not have; it is"
                    + " ignored",
                id);
            return;
          }
          try {
            states.put(handler, Json.GSON.fromJson(state, handler.stateType()));
          } catch (JsonParseException e) {
            throw new FitConfigurationException(
                "Checkpoint "
                    + file
                    + " holds state for handler "
                    + id
                    + " that does not read as "
                    + handler.stateType().getName()
                    + " ("
                    + e.getMessage()
                    + "): it was saved by another version of that handler. Resume with the"
                    + " handlers the run was saved with.",
                e);
          }
        });
    handlers.keySet().stream()
        .filter(id -> !saved.containsKey(id))
        .forEach(
            id ->
                LOG.warn(
                    "Handler {} keeps state, but the checkpoint holds none for it: it starts"
                        + " afresh",
                    id));
    return states;
  }

  @SuppressWarnings("unchecked") // read as the handler's own state type
  private static <S> void restoreHandler(StatefulHandler<S> handler, Object state) {
    handler.restoreState((S) state);
  }

  private static List<HistoryEntry> historyBefore(History history, int epochsEnded) {
    return history.epochs().stream()
        .filter(e -> e.epoch() < epochsEnded)
        .map(
            e ->
                new HistoryEntry(
                    e.epoch(), e.batches(), e.learningRate(), e.metrics(), e.duration().toNanos()))
        .toList();
  }

  private static List<BatchRecord> batchesBefore(History history, long stepsCompleted) {
    return history.batches().stream().filter(b -> b.step() < stepsCompleted).toList();
  }
}

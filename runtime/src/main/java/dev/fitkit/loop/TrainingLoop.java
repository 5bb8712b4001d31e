package dev.fitkit.loop;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import dev.fitkit.Budget;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.FitResult;
import dev.fitkit.HandlerFailedException;
import dev.fitkit.HandlerTime;
import dev.fitkit.History;
import dev.fitkit.Outcome;
import dev.fitkit.TrainingFailedException;
import dev.fitkit.checkpoint.CheckpointStore.Saved;
import dev.fitkit.event.BatchBegin;
import dev.fitkit.event.BatchEnd;
import dev.fitkit.event.BatchOutput;
import dev.fitkit.event.EpochBegin;
import dev.fitkit.event.EpochEnd;
import dev.fitkit.event.EventKind;
import dev.fitkit.event.PredictBatchEnd;
import dev.fitkit.event.PredictBegin;
import dev.fitkit.event.PredictEnd;
import dev.fitkit.event.TrainBegin;
import dev.fitkit.event.TrainEnd;
import dev.fitkit.event.ValidationBatchBegin;
import dev.fitkit.event.ValidationBatchEnd;
import dev.fitkit.event.ValidationBegin;
import dev.fitkit.event.ValidationEnd;
import dev.fitkit.metric.MetricNames;
import dev.fitkit.run.RunCodec;
import dev.fitkit.run.RunPosition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop itself: epochs of batches, each batch through the {@code BatchProcessor}, events fired
 * around each step; the {@link RunPosition} says where it is and whether the budget is spent.
 * Everything else (optimizer step, metrics, validation, history, logging, checkpoints) is a
 * handler. Each batch is closed as soon as its events ran, so native memory stays flat.
 */
public final class TrainingLoop {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);

  private final LoopSetup setup;
  private final EventDispatcher dispatcher;
  private final RunCodec codec;
  private final ModelInitializer initializer = new ModelInitializer();

  public TrainingLoop(LoopSetup setup, EventDispatcher dispatcher) {
    this.setup = setup;
    this.dispatcher = dispatcher;
    this.codec =
        new RunCodec(
            setup.trainer(), setup.optimizer(), setup.learningRate(), setup.seed(), setup.graph());
  }

  /** Trains until the budget is spent, a handler asks to stop, or something throws. */
  public FitResult fit(Dataset train, Dataset validation, Budget budget) {
    return run(train, validation, budget, null);
  }

  /**
   * Continues a saved run: parameters, optimizer state, position, metrics, history and handler
   * states come from the checkpoint, and training goes on until {@code budget} (the whole run's) is
   * spent.
   */
  public FitResult resume(Dataset train, Dataset validation, Budget budget, Saved saved) {
    return run(train, validation, budget, saved);
  }

  /** One validation pass with handlers, outside any fit. */
  public Map<String, Double> evaluate(Dataset data) {
    try (FitLock.Held held = FitLock.acquire("evaluate")) {
      prepare(data, "evaluation");
      LoopState state =
          new LoopState(setup, codec, new RunPosition(null), new History(), dispatcher);
      return validate(data, state);
    }
  }

  /**
   * Runs every batch of {@code data} through the network in inference mode, firing the predict
   * events; hands each batch's outputs to {@code kept} (before they are closed with the batch) when
   * it is not null.
   */
  public long predict(Dataset data, Consumer<NDList> kept) {
    try (FitLock.Held held = FitLock.acquire("predict")) {
      if (setup.graph() == null && !setup.trainer().getModel().getBlock().isInitialized()) {
        throw new FitConfigurationException(
            "predict needs a trained network, but the network has no parameters yet: train it"
                + " with fit(...), or load saved parameters with model.load(folder, name), first.");
      }
      prepare(data, "prediction");
      LoopState state =
          new LoopState(setup, codec, new RunPosition(null), new History(), dispatcher);
      long index = 0;
      long samples = 0;
      Throwable failure = null;
      try {
        dispatcher.fire(EventKind.PREDICT_BEGIN, new PredictBegin(state), state);
        for (Batch batch : batches(data, "prediction")) {
          try (batch) {
            NDList outputs = guardedForward(state, batch);
            samples += outputs.head().getShape().get(0);
            dispatcher.fire(
                EventKind.PREDICT_BATCH_END,
                new PredictBatchEnd(state, batch, index, outputs),
                state);
            if (kept != null) {
              kept.accept(outputs);
            }
            index++;
          }
        }
      } catch (RuntimeException | Error e) {
        failure = e;
      }
      Throwable endFailure =
          dispatcher.fireAll(
              EventKind.PREDICT_END, new PredictEnd(state, index, samples, failure), state);
      rethrow(failure, endFailure);
      return samples;
    }
  }

  /** The batch's outputs, its slices run on their devices and joined on the first. */
  private NDList guardedForward(LoopState state, Batch batch) {
    try {
      if (setup.graph() != null) {
        return setup.graph().predict(batch.getData(), batch.getManager());
      }
      Batch[] slices = DeviceSplit.split(batch, setup.devices());
      if (slices.length == 1) {
        return setup.trainer().evaluate(slices[0].getData());
      }
      List<NDList> parts = new ArrayList<>();
      for (Batch slice : slices) {
        parts.add(setup.trainer().evaluate(slice.getData()));
      }
      return joinSlices(parts, setup.devices().get(0));
    } catch (FitConfigurationException | HandlerFailedException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new TrainingFailedException("The network failed at " + state.where() + ": " + e, e);
    }
  }

  /** Each output of the slices, in slice order along axis 0, on {@code first}. */
  static NDList joinSlices(List<NDList> parts, Device first) {
    NDList joined = new NDList();
    for (int output = 0; output < parts.get(0).size(); output++) {
      NDList pieces = new NDList();
      for (NDList part : parts) {
        pieces.add(part.get(output).toDevice(first, false));
      }
      joined.add(NDArrays.concat(pieces, 0));
    }
    return joined;
  }

  private static void rethrow(Throwable failure, Throwable endFailure) {
    if (failure == null) {
      failure = endFailure;
    } else if (endFailure != null) {
      failure.addSuppressed(endFailure);
    }
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
  }

  private FitResult run(Dataset train, Dataset validation, Budget budget, Saved saved) {
    try (FitLock.Held held = FitLock.acquire(saved == null ? "fit" : "resume")) {
      prepare(train, "training");
      if (validation != null) {
        prepare(validation, "validation");
      }
      History history = new History();
      LoopState state = new LoopState(setup, codec, new RunPosition(budget), history, dispatcher);
      if (validation != null) {
        state.setValidation(() -> validate(validation, state));
      }
      if (saved != null) {
        state.resumeFrom(
            codec.restore(
                saved.checkpoint(), saved.file(), budget, history, dispatcher.statefulHandlers()));
      }
      return train(train, state);
    }
  }

  private FitResult train(Dataset train, LoopState state) {
    RunPosition position = state.position();
    Outcome outcome = Outcome.COMPLETED;
    Throwable failure = null;
    try {
      dispatcher.fire(EventKind.TRAIN_BEGIN, new TrainBegin(state), state);
      // A resumed epoch that had not ended is ended, even when its batches spent the budget.
      boolean unended = position.resumed() && position.batchesInEpoch() > 0;
      while (!state.stopRequested() && (unended || !position.budgetSpent())) {
        unended = false;
        runEpoch(train, state);
      }
      if (state.stopRequested()) {
        outcome = Outcome.STOPPED;
      }
    } catch (RuntimeException | Error e) {
      outcome = Outcome.FAILED;
      failure = e;
    }
    TrainEnd end = new TrainEnd(state, outcome, failure, state.stopReasons());
    Throwable endFailure = dispatcher.fireAll(EventKind.TRAIN_END, end, state);
    List<HandlerTime> times = dispatcher.times();
    HandlerTimeReport.log(LOG, times, state.elapsed());
    if (failure == null) {
      failure = endFailure;
    } else if (endFailure != null) {
      failure.addSuppressed(endFailure);
    }
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    return new FitResult(
        outcome,
        state.history(),
        state.stopReasons(),
        position.epochsStarted(),
        position.stepsCompleted(),
        state.elapsed(),
        times);
  }

  private void runEpoch(Dataset train, LoopState state) {
    RunPosition position = state.position();
    int epoch = position.epochsEnded();
    position.beginEpoch(epoch);
    if (state.seed() != null) {
      // Seeded per epoch, so a run resumed at any epoch shuffles and drops out as the original did.
      Engine.getInstance().setRandomSeed((int) (state.seed() + epoch));
    }
    dispatcher.fire(EventKind.EPOCH_BEGIN, new EpochBegin(state), state);
    // The shuffle is drawn here, before an owed validation pass could draw from the generator.
    Iterator<Batch> batches = batches(train, "training").iterator();
    if (position.validationOwed()) {
      if (state.hasValidationData()) {
        state.validate(); // the pass a stop cut short before the checkpoint resumed from
      } else {
        LOG.warn("The checkpoint owes a validation pass, but this fit has no validation data");
      }
    }
    for (long index = 0; index < position.batchesInEpoch() && batches.hasNext(); index++) {
      seedBatch(state, epoch, index);
      batches.next().close(); // trained before the checkpoint this run resumed from
    }
    boolean more = batches.hasNext();
    if (!more && position.batchesInEpoch() == 0) {
      throw emptyData(train, "training");
    }
    while (more && !state.stopRequested() && !position.budgetSpent()) {
      seedBatch(state, epoch, position.batchesInEpoch());
      try (Batch batch = batches.next()) {
        trainBatch(batch, state);
      }
      more = batches.hasNext();
    }
    position.batchesOver(!more);
    if (more) {
      state.freezeResumePoint();
    }
    position.beginEpochEnd();
    try {
      dispatcher.fire(EventKind.EPOCH_END, new EpochEnd(state, !more), state);
    } catch (RuntimeException | Error e) {
      position.epochEndFailed();
      throw e;
    }
    position.endEpoch();
  }

  /**
   * Seeds the engine by the batch's position before the batch is read: what its loading and its
   * forward pass draw (augmentation, dropout) is then the same in a run resumed mid-epoch, which
   * skips the batches before it, as in the run that trained them.
   */
  private static void seedBatch(LoopState state, int epoch, long index) {
    if (state.seed() != null) {
      Engine.getInstance().setRandomSeed(batchSeed(state.seed(), epoch, index));
    }
  }

  static int batchSeed(long seed, int epoch, long index) {
    long mixed = (seed * 0x9E3779B97F4A7C15L + epoch) * 0x9E3779B97F4A7C15L + index;
    return (int) (mixed ^ (mixed >>> 32));
  }

  private void trainBatch(Batch batch, LoopState state) {
    RunPosition position = state.position();
    position.beginBatch();
    boolean graph = setup.graph() != null;
    if (!graph) {
      initializer.ensureInitialized(setup.trainer(), batch);
    }
    dispatcher.fire(EventKind.BATCH_BEGIN, new BatchBegin(state, batch), state);
    BatchOutput output =
        guarded(state, () -> setup.processor().trainBatch(setup.trainer(), batch, setup.devices()));
    if (!graph && position.resumed() && !state.firstStepChecked()) {
      setup.gate().passFirstStepCheck(setup.trainer()); // see OptimizerGate
      state.firstStepChecked(true);
    }
    position.batchTrained();
    BatchEnd end = new BatchEnd(state, output);
    end.updateHandled(graph); // a graph updated itself in its train call
    try {
      dispatcher.fire(EventKind.BATCH_END, end, state);
    } catch (RuntimeException | Error e) {
      if (!end.updateHandled()) {
        position.batchRejected(); // the optimizer never took it: a resume trains it again
      }
      throw e;
    }
    position.endBatch();
  }

  private Map<String, Double> validate(Dataset data, LoopState state) {
    RunPosition position = state.position();
    int stopsBefore = state.stopCount();
    if (state.seed() != null) {
      // Seeded by position, so a pass shuffles its data as it did before a resume, wherever in the
      // run it comes; the training draws after it are then a function of the position too.
      Engine.getInstance()
          .setRandomSeed(
              (int)
                  (state.seed() * 31 + position.epoch() * 1_000_003L + position.stepsCompleted()));
    }
    position.beginValidation();
    dispatcher.fire(EventKind.VALIDATION_BEGIN, new ValidationBegin(state), state);
    Iterator<Batch> batches = batches(data, "validation").iterator();
    if (!batches.hasNext()) {
      throw emptyData(data, "validation");
    }
    long index = 0;
    boolean completed = true;
    while (batches.hasNext()) {
      if (state.stopCount() > stopsBefore) {
        completed = false; // Ctrl-C or a handler: stop now, not after the whole pass
        break;
      }
      try (Batch batch = batches.next()) {
        position.beginValidationBatch(index);
        dispatcher.fire(
            EventKind.VALIDATION_BATCH_BEGIN, new ValidationBatchBegin(state, batch, index), state);
        index++;
        if (setup.graph() == null) {
          initializer.ensureInitialized(setup.trainer(), batch);
        }
        BatchOutput output =
            guarded(
                state,
                () -> setup.processor().evaluateBatch(setup.trainer(), batch, setup.devices()));
        dispatcher.fire(
            EventKind.VALIDATION_BATCH_END, new ValidationBatchEnd(state, output), state);
      }
    }
    if (!completed) {
      LOG.info("Validation cut short after {} batches: a stop was requested", index);
      if (position.phase() == RunPosition.Phase.ENDING) {
        state.freezeResumePoint(); // the epoch has not ended: a resume ends it again
      }
    }
    position.endValidation(completed);
    dispatcher.fire(EventKind.VALIDATION_END, new ValidationEnd(state, completed), state);
    Map<String, Double> result = new LinkedHashMap<>();
    if (completed) {
      state
          .metrics()
          .forEach(
              (name, value) -> {
                if (name.startsWith(MetricNames.VALIDATION_PREFIX)) {
                  result.put(name, value);
                }
              });
    }
    return result;
  }

  /** Runs the network on a batch; a failure names the batch it happened on. */
  private static BatchOutput guarded(LoopState state, Supplier<BatchOutput> step) {
    try {
      return step.get();
    } catch (FitConfigurationException | HandlerFailedException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new TrainingFailedException("The network failed at " + state.where() + ": " + e, e);
    }
  }

  /**
   * DJL datasets load lazily in prepare(); doing it here spares every user the call. A dataset that
   * yields no batch fails here, before any handler runs.
   */
  private void prepare(Dataset dataset, String role) {
    try {
      dataset.prepare();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the " + role + " data: " + e.getMessage(), e);
    } catch (TranslateException e) {
      throw new IllegalStateException(
          "Could not prepare the " + role + " data: " + e.getMessage(), e);
    }
    if (!batches(dataset, role).iterator().hasNext()) {
      throw emptyData(dataset, role);
    }
  }

  private static FitConfigurationException emptyData(Dataset dataset, String role) {
    String size =
        dataset instanceof ai.djl.training.dataset.RandomAccessDataset random
            ? " (it holds " + random.size() + " samples)"
            : "";
    return new FitConfigurationException(
        "The "
            + role
            + " data yields no batches"
            + size
            + ": the dataset is empty, or its sampler drops the last incomplete batch and the batch"
            + " size is larger than the dataset. Give it samples, or a batch size no larger than"
            + " its sample count (or keep the last batch: setSampling(batchSize, shuffle,"
            + " false)).");
  }

  private Iterable<Batch> batches(Dataset dataset, String role) {
    try {
      return setup.trainer().iterateDataset(dataset);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the " + role + " data: " + e.getMessage(), e);
    } catch (TranslateException e) {
      throw new IllegalStateException(
          "Could not prepare the " + role + " data's batches: " + e.getMessage(), e);
    }
  }
}

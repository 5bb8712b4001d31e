package dev.fitkit.loop;

import ai.djl.engine.Engine;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import dev.fitkit.Budget;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.FitResult;
import dev.fitkit.HandlerFailedException;
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
import dev.fitkit.event.TrainBegin;
import dev.fitkit.event.TrainEnd;
import dev.fitkit.event.ValidationBatchEnd;
import dev.fitkit.event.ValidationBegin;
import dev.fitkit.event.ValidationEnd;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The loop itself: epochs of batches, each batch through the {@code BatchProcessor}, events fired
 * around each step. Everything else (optimizer step, metrics, validation, history, logging,
 * checkpoints) is a handler. Each batch is closed as soon as its events ran, so native memory stays
 * flat.
 */
public final class TrainingLoop {
  private final LoopSetup setup;
  private final EventDispatcher dispatcher;

  public TrainingLoop(LoopSetup setup, EventDispatcher dispatcher) {
    this.setup = setup;
    this.dispatcher = dispatcher;
  }

  /** Trains until the budget is spent, a handler asks to stop, or something throws. */
  public FitResult fit(Dataset train, Dataset validation, Budget budget) {
    return run(train, validation, budget, null);
  }

  /**
   * Continues a saved run: parameters, optimizer state, position, history and handler states come
   * from the checkpoint, and training goes on until {@code budget} (the whole run's) is spent.
   */
  public FitResult resume(Dataset train, Dataset validation, Budget budget, Saved saved) {
    return run(train, validation, budget, saved);
  }

  /** One validation pass with handlers, outside any fit. */
  public Map<String, Double> evaluate(Dataset data) {
    prepare(data);
    LoopState state = new LoopState(setup, null, new History(), dispatcher.statefulHandlers());
    return validate(data, state);
  }

  private FitResult run(Dataset train, Dataset validation, Budget budget, Saved saved) {
    prepare(train);
    if (validation != null) {
      prepare(validation);
    }
    History history = new History();
    LoopState state = new LoopState(setup, budget, history, dispatcher.statefulHandlers());
    if (validation != null) {
      state.setValidation(() -> validate(validation, state));
    }
    int epoch = 0;
    long skip = 0;
    if (saved != null) {
      Resumption.restore(saved, budget, setup, state, history);
      epoch = saved.checkpoint().run().resumeEpoch();
      skip = saved.checkpoint().run().resumeSkip();
    }
    Outcome outcome = Outcome.COMPLETED;
    Throwable failure = null;
    try {
      dispatcher.fire(EventKind.TRAIN_BEGIN, new TrainBegin(state), state);
      while (!state.stopRequested() && !budget.isSpent(epoch, state.globalStep())) {
        runEpoch(epoch++, skip, train, budget, state);
        skip = 0;
      }
      if (state.stopRequested()) {
        outcome = Outcome.STOPPED;
      }
    } catch (RuntimeException | Error e) {
      outcome = Outcome.FAILED;
      failure = e;
    }
    TrainEnd end = new TrainEnd(state, outcome, failure, state.stopReasons());
    try {
      dispatcher.fire(EventKind.TRAIN_END, end, state);
    } catch (RuntimeException e) {
      if (failure == null) {
        throw e;
      }
      failure.addSuppressed(e);
    }
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    return new FitResult(
        outcome, history, state.stopReasons(), epoch, state.globalStep(), state.elapsed());
  }

  private void runEpoch(int epoch, long skip, Dataset train, Budget budget, LoopState state) {
    state.beginEpoch(epoch);
    dispatcher.fire(EventKind.EPOCH_BEGIN, new EpochBegin(state), state);
    if (state.seed() != null) {
      // Seeded per epoch, so a run resumed at any epoch shuffles and drops out as the original did.
      Engine.getInstance().setRandomSeed((int) (state.seed() + epoch));
    }
    Iterator<Batch> batches = batches(train).iterator();
    for (long index = 0; index < skip && batches.hasNext(); index++) {
      batches.next().close(); // trained before the checkpoint this run resumed from
    }
    for (long index = skip; batches.hasNext(); index++) {
      try (Batch batch = batches.next()) {
        state.beginBatch(index);
        ModelInitializer.ensureInitialized(setup.trainer(), batch);
        dispatcher.fire(EventKind.BATCH_BEGIN, new BatchBegin(state, batch), state);
        BatchOutput output =
            guarded(
                state, () -> setup.processor().trainBatch(setup.trainer(), batch, setup.devices()));
        state.markBatchDone();
        dispatcher.fire(EventKind.BATCH_END, new BatchEnd(state, output), state);
        state.endBatch();
      }
      if (state.stopRequested() || budget.isSpent(0, state.globalStep())) {
        break;
      }
    }
    state.endEpoch();
    dispatcher.fire(EventKind.EPOCH_END, new EpochEnd(state), state);
  }

  private Map<String, Double> validate(Dataset data, LoopState state) {
    long outerBatch = state.batch();
    boolean outerDone = state.batchDone();
    dispatcher.fire(EventKind.VALIDATION_BEGIN, new ValidationBegin(state), state);
    long index = 0;
    for (Batch batch : batches(data)) {
      try (batch) {
        ModelInitializer.ensureInitialized(setup.trainer(), batch);
        state.beginBatch(index++);
        BatchOutput output =
            guarded(
                state,
                () -> setup.processor().evaluateBatch(setup.trainer(), batch, setup.devices()));
        dispatcher.fire(
            EventKind.VALIDATION_BATCH_END, new ValidationBatchEnd(state, output), state);
      }
    }
    state.restoreBatch(outerBatch, outerDone);
    dispatcher.fire(EventKind.VALIDATION_END, new ValidationEnd(state), state);
    Map<String, Double> result = new LinkedHashMap<>();
    state
        .metrics()
        .forEach(
            (name, value) -> {
              if (name.startsWith(MetricNames.VALIDATION_PREFIX)) {
                result.put(name, value);
              }
            });
    return result;
  }

  /** Runs the network on a batch; a failure names the batch it happened on. */
  private static BatchOutput guarded(LoopState state, Supplier<BatchOutput> step) {
    try {
      return step.get();
    } catch (FitConfigurationException | HandlerFailedException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new TrainingFailedException("The network failed at " + state.position() + ": " + e, e);
    }
  }

  /** DJL datasets load lazily in prepare(); doing it here spares every user the call. */
  private static void prepare(Dataset dataset) {
    try {
      dataset.prepare();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the dataset: " + e.getMessage(), e);
    } catch (TranslateException e) {
      throw new IllegalStateException("Could not prepare the dataset: " + e.getMessage(), e);
    }
  }

  private Iterable<Batch> batches(Dataset dataset) {
    try {
      return setup.trainer().iterateDataset(dataset);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the dataset: " + e.getMessage(), e);
    } catch (TranslateException e) {
      throw new IllegalStateException(
          "Could not prepare the dataset's batches: " + e.getMessage(), e);
    }
  }
}

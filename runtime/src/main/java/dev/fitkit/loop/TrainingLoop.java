package dev.fitkit.loop;

import ai.djl.Device;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import dev.fitkit.BatchProcessor;
import dev.fitkit.Budget;
import dev.fitkit.FitResult;
import dev.fitkit.History;
import dev.fitkit.LearningRate;
import dev.fitkit.Outcome;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loop itself: epochs of batches, each batch through the {@link BatchProcessor}, events fired
 * around each step. Everything else (optimizer step, metrics, validation, history, logging) is a
 * handler. Each batch is closed as soon as its events ran, so native memory stays flat.
 */
public final class TrainingLoop {
  private final Trainer trainer;
  private final List<Device> devices;
  private final BatchProcessor processor;
  private final EventDispatcher dispatcher;
  private final LearningRate learningRate;

  public TrainingLoop(
      Trainer trainer,
      List<Device> devices,
      BatchProcessor processor,
      EventDispatcher dispatcher,
      LearningRate learningRate) {
    this.trainer = trainer;
    this.devices = List.copyOf(devices);
    this.processor = processor;
    this.dispatcher = dispatcher;
    this.learningRate = learningRate;
  }

  /** Trains until the budget is spent, a handler asks to stop, or something throws. */
  public FitResult fit(Dataset train, Dataset validation, Budget budget) {
    prepare(train);
    if (validation != null) {
      prepare(validation);
    }
    History history = new History();
    LoopState state = new LoopState(trainer, devices, learningRate, budget, history);
    if (validation != null) {
      state.setValidation(() -> validate(validation, state));
    }
    Outcome outcome = Outcome.COMPLETED;
    Throwable failure = null;
    int epochsStarted = 0;
    try {
      dispatcher.fire(EventKind.TRAIN_BEGIN, new TrainBegin(state), state);
      while (!state.stopRequested() && !budget.isSpent(epochsStarted, state.globalStep())) {
        runEpoch(epochsStarted++, train, budget, state);
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
        outcome, history, state.stopReasons(), epochsStarted, state.globalStep(), state.elapsed());
  }

  /** One validation pass with handlers, outside any fit. */
  public Map<String, Double> evaluate(Dataset data) {
    prepare(data);
    LoopState state = new LoopState(trainer, devices, learningRate, null, new History());
    return validate(data, state);
  }

  private void runEpoch(int epoch, Dataset train, Budget budget, LoopState state) {
    state.beginEpoch(epoch);
    dispatcher.fire(EventKind.EPOCH_BEGIN, new EpochBegin(state), state);
    long index = 0;
    for (Batch batch : batches(train)) {
      try (batch) {
        ModelInitializer.ensureInitialized(trainer, batch);
        state.beginBatch(index++);
        dispatcher.fire(EventKind.BATCH_BEGIN, new BatchBegin(state, batch), state);
        BatchOutput output = processor.trainBatch(trainer, batch, devices);
        dispatcher.fire(EventKind.BATCH_END, new BatchEnd(state, output), state);
        state.endBatch();
      }
      if (state.stopRequested() || budget.isSpent(0, state.globalStep())) {
        break;
      }
    }
    dispatcher.fire(EventKind.EPOCH_END, new EpochEnd(state), state);
  }

  private Map<String, Double> validate(Dataset data, LoopState state) {
    long outerBatch = state.batch();
    dispatcher.fire(EventKind.VALIDATION_BEGIN, new ValidationBegin(state), state);
    long index = 0;
    for (Batch batch : batches(data)) {
      try (batch) {
        ModelInitializer.ensureInitialized(trainer, batch);
        state.beginBatch(index++);
        BatchOutput output = processor.evaluateBatch(trainer, batch, devices);
        dispatcher.fire(EventKind.VALIDATION_BATCH_END, new ValidationBatchEnd(state, output), state);
      }
    }
    state.beginBatch(outerBatch);
    dispatcher.fire(EventKind.VALIDATION_END, new ValidationEnd(state), state);
    Map<String, Double> result = new LinkedHashMap<>();
    state.metrics().forEach((name, value) -> {
      if (name.startsWith(MetricNames.VALIDATION_PREFIX)) {
        result.put(name, value);
      }
    });
    return result;
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
      return trainer.iterateDataset(dataset);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the dataset: " + e.getMessage(), e);
    } catch (TranslateException e) {
      throw new IllegalStateException("Could not prepare the dataset's batches: " + e.getMessage(), e);
    }
  }
}

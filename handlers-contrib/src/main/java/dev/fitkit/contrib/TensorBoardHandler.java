package dev.fitkit.contrib;

import dev.fitkit.Outcome;
import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.annotations.OnTrainBegin;
import dev.fitkit.annotations.OnTrainEnd;
import dev.fitkit.annotations.Priority;
import dev.fitkit.contrib.io.OutputFailure;
import dev.fitkit.contrib.tensorboard.EventFile;
import dev.fitkit.event.BatchEnd;
import dev.fitkit.event.EpochEnd;
import dev.fitkit.event.FitEvent;
import dev.fitkit.event.TrainBegin;
import dev.fitkit.event.TrainEnd;
import dev.fitkit.metric.MetricNames;
import dev.fitkit.options.HandlerOptions;
import dev.fitkit.options.OptionSource;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * TensorBoard event files, laid out as Keras writes them: {@code <directory>/train} holds {@code
 * batch_<metric>} scalars every {@code batch-interval} training batches and {@code epoch_<metric>}
 * and {@code epoch_learning_rate} at each epoch end, {@code <directory>/validation} the {@code
 * epoch_<metric>} of each epoch that validated, so TensorBoard draws training and validation in one
 * chart. Every scalar's step is the number of training batches trained so far (as Lightning logs),
 * so batch and epoch values share one axis. Auto-loaded, and writes nothing until {@code
 * contrib.tensorboard.directory} is set. A resumed run starts new files with a session start at the
 * first step it trains: TensorBoard then drops what the interrupted run wrote from that step on,
 * which the resumed run writes again. Each record reaches the OS when written, before the
 * checkpoint of its batch or epoch.
 */
@FitHandler(id = TensorBoardHandler.ID)
public final class TensorBoardHandler {
  static final int RECORD_PRIORITY = Priority.CHECKPOINT - 10;
  static final String ID = "contrib.tensorboard";
  private final Path directory;
  private final int batchInterval;
  private EventFile train;
  private EventFile validation;
  private long lastBatchStep;

  /** For Guice: {@code directory} (unset: off) and {@code batch-interval} (default 1). */
  @Inject
  TensorBoardHandler(OptionSource source) {
    this(source.read(ID, "directory", "batch-interval"));
  }

  private TensorBoardHandler(HandlerOptions options) {
    this(options.path("directory").orElse(null), options.integer("batch-interval", 1));
  }

  /**
   * Writes under {@code directory} (null: nothing), batch scalars every {@code batchInterval}
   * batches (0: none).
   */
  public TensorBoardHandler(Path directory, int batchInterval) {
    if (batchInterval < 0) {
      throw new IllegalArgumentException(
          ID + ".batch-interval must be 0 (no batch scalars) or more, not " + batchInterval);
    }
    this.directory = directory;
    this.batchInterval = batchInterval;
  }

  @OnTrainBegin(priority = Priority.LOGGING - 2)
  void open(TrainBegin event) {
    close();
    lastBatchStep = event.stepsCompleted();
    if (directory == null) {
      return;
    }
    Path folder = directory.resolve("train");
    try {
      train = EventFile.create(folder);
      folder = directory.resolve("validation");
      validation = EventFile.create(folder);
      if (event.resumed()) {
        // TensorBoard drops the steps at or after a start: those the resumed run writes again.
        long firstStep = event.stepsCompleted() + 1;
        train.sessionStart(firstStep);
        validation.sessionStart(firstStep);
      }
    } catch (IOException e) {
      throw OutputFailure.of(ID, "directory", folder, e);
    }
  }

  // Before the checkpoint of the same event: a crash between the two leaves a record that the
  // resume drops and writes again, never a checkpoint whose record is missing.
  @OnBatchEnd(priority = RECORD_PRIORITY)
  void batchEnd(BatchEnd event) {
    record(event);
  }

  /**
   * A failure after a batch's step but before its record still saves the batch in the failure's
   * checkpoint, and the resume starts after it: write its scalars now, before that checkpoint.
   */
  @OnTrainEnd(priority = Priority.LAST_CHECKPOINT - 1)
  void failed(TrainEnd event) {
    if (event.outcome() == Outcome.FAILED) {
      record(event);
    }
  }

  private void record(FitEvent event) {
    long step = event.stepsCompleted();
    if (train == null || batchInterval == 0 || step == lastBatchStep || step % batchInterval != 0) {
      return;
    }
    lastBatchStep = step;
    write(train, step, scalars("batch_", event.metrics(), MetricNames::isTraining));
  }

  @OnEpochEnd(priority = RECORD_PRIORITY)
  void epochEnd(EpochEnd event) {
    if (train == null) {
      return;
    }
    Map<String, Float> trainScalars = scalars("epoch_", event.metrics(), MetricNames::isTraining);
    if (Double.isFinite(event.learningRate())) {
      trainScalars.put("epoch_learning_rate", (float) event.learningRate());
    }
    write(train, event.stepsCompleted(), trainScalars);
    if (event.validated()) {
      write(
          validation,
          event.stepsCompleted(),
          scalars("epoch_", event.metrics(), MetricNames::isValidation));
    }
  }

  @OnTrainEnd(priority = Priority.LOGGING - 2)
  void trainEnd() {
    close();
  }

  private static Map<String, Float> scalars(
      String prefix, Map<String, Double> metrics, Predicate<String> phase) {
    Map<String, Float> scalars = new LinkedHashMap<>();
    metrics.forEach(
        (name, value) -> {
          if (phase.test(name)) {
            scalars.put(prefix + tag(MetricNames.withoutPhase(name)), value.floatValue());
          }
        });
    return scalars;
  }

  private static String tag(String metric) {
    return metric.replace(' ', '_');
  }

  private static void write(EventFile file, long step, Map<String, Float> scalars) {
    try {
      file.scalars(step, scalars);
    } catch (IOException e) {
      throw OutputFailure.of(ID, "directory", file.path(), e);
    }
  }

  private void close() {
    EventFile[] files = {train, validation};
    train = null;
    validation = null;
    for (EventFile file : files) {
      if (file != null) {
        try {
          file.close();
        } catch (IOException e) {
          throw OutputFailure.of(ID, "directory", file.path(), e);
        }
      }
    }
  }
}

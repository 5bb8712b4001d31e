package dev.fitkit.contrib;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.fitkit.Outcome;
import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.annotations.OnTrainBegin;
import dev.fitkit.annotations.OnTrainEnd;
import dev.fitkit.annotations.Priority;
import dev.fitkit.contrib.io.LineFile;
import dev.fitkit.contrib.io.OutputFailure;
import dev.fitkit.event.BatchEnd;
import dev.fitkit.event.FitEvent;
import dev.fitkit.event.TrainBegin;
import dev.fitkit.event.TrainEnd;
import dev.fitkit.metric.MetricNames;
import dev.fitkit.options.HandlerOptions;
import dev.fitkit.options.OptionSource;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * One JSON object per line every {@code batch-interval} training batches: {@code step} (batches
 * trained), {@code epoch}, {@code batch} (0-based in its epoch), {@code learning_rate} and the
 * running training {@code metrics}; a value that is not finite is {@code null}. A new run replaces
 * the file; a resumed one keeps the lines up to the step it resumes from and appends. Each line
 * reaches the OS when written, before the batch's checkpoint. Auto-loaded; writes nothing until
 * {@code contrib.jsonl.file} is set.
 */
@FitHandler(id = JsonLinesHandler.ID)
public final class JsonLinesHandler {
  static final int RECORD_PRIORITY = Priority.CHECKPOINT - 10;
  static final String ID = "contrib.jsonl";
  private final Path file;
  private final int batchInterval;
  private LineFile out;
  private long lastStep;

  /** For Guice: {@code file} (unset: off) and {@code batch-interval} (default 1). */
  @Inject
  JsonLinesHandler(OptionSource source) {
    this(source.read(ID, "file", "batch-interval"));
  }

  private JsonLinesHandler(HandlerOptions options) {
    this(options.path("file").orElse(null), options.integer("batch-interval", 1));
  }

  /** Writes {@code file} (null: nothing), a line every {@code batchInterval} batches. */
  public JsonLinesHandler(Path file, int batchInterval) {
    if (batchInterval < 1) {
      throw new IllegalArgumentException(
          ID + ".batch-interval must be 1 or more, not " + batchInterval);
    }
    this.file = file;
    this.batchInterval = batchInterval;
  }

  @OnTrainBegin(priority = Priority.LOGGING - 2)
  void open(TrainBegin event) {
    close();
    lastStep = event.stepsCompleted();
    if (file == null) {
      return;
    }
    try {
      long resumedAt = event.stepsCompleted();
      out =
          event.resumed()
              ? LineFile.continueWith(file, line -> stepOf(line) <= resumedAt)
              : LineFile.replace(file);
    } catch (IOException e) {
      throw OutputFailure.of(ID, "file", file, e);
    }
  }

  // Before the checkpoint of the same event: a crash between the two leaves a record that the
  // resume drops and writes again, never a checkpoint whose record is missing.
  @OnBatchEnd(priority = RECORD_PRIORITY)
  void batchEnd(BatchEnd event) {
    record(event, event.batchIndex());
  }

  /**
   * A failure after a batch's step but before its record still saves the batch in the failure's
   * checkpoint, and the resume starts after it: write its line now, before that checkpoint.
   */
  @OnTrainEnd(priority = Priority.LAST_CHECKPOINT - 1)
  void failed(TrainEnd event) {
    if (event.outcome() == Outcome.FAILED) {
      record(event, event.context().batchesInEpoch() - 1);
    }
  }

  private void record(FitEvent event, long batch) {
    long step = event.stepsCompleted();
    if (out == null || step == lastStep || step % batchInterval != 0) {
      return;
    }
    lastStep = step;
    JsonObject line = new JsonObject();
    line.addProperty("step", step);
    line.addProperty("epoch", event.epoch());
    line.addProperty("batch", batch);
    line.add("learning_rate", number(event.learningRate()));
    JsonObject metrics = new JsonObject();
    for (Map.Entry<String, Double> metric : MetricNames.trainingOnly(event.metrics()).entrySet()) {
      metrics.add(metric.getKey(), number(metric.getValue()));
    }
    line.add("metrics", metrics);
    try {
      out.append(line.toString());
    } catch (IOException e) {
      throw OutputFailure.of(ID, "file", file, e);
    }
  }

  @OnTrainEnd(priority = Priority.LOGGING - 2)
  void trainEnd() {
    close();
  }

  private static com.google.gson.JsonElement number(double value) {
    return Double.isFinite(value) ? new JsonPrimitive(value) : JsonNull.INSTANCE;
  }

  private static long stepOf(String line) {
    try {
      return JsonParser.parseString(line).getAsJsonObject().get("step").getAsLong();
    } catch (RuntimeException e) {
      return Long.MAX_VALUE;
    }
  }

  private void close() {
    if (out != null) {
      LineFile closing = out;
      out = null;
      try {
        closing.close();
      } catch (IOException e) {
        throw OutputFailure.of(ID, "file", file, e);
      }
    }
  }
}

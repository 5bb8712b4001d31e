package dev.fitkit.handlers;

import dev.fitkit.EpochRecord;
import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnEpochBegin;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.annotations.Priority;
import dev.fitkit.event.EpochBegin;
import dev.fitkit.event.EpochEnd;
import java.time.Duration;

/** Appends each epoch to the history, after validation so the record holds validation metrics. */
@FitHandler(id = "fitkit.history", autoLoad = false)
public final class HistoryHandler {
  private Duration epochStart = Duration.ZERO;

  @OnEpochBegin(priority = Priority.HISTORY)
  void start(EpochBegin event) {
    epochStart = event.elapsed();
  }

  @OnEpochEnd(priority = Priority.HISTORY)
  void record(EpochEnd event) {
    event.history().add(new EpochRecord(
        event.epoch(),
        event.batchesInEpoch(),
        event.learningRate(),
        event.metrics(),
        event.elapsed().minus(epochStart)));
  }
}

package dev.fitkit.handlers;

import dev.fitkit.BatchRecord;
import dev.fitkit.EpochRecord;
import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.annotations.OnEpochBegin;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.annotations.Priority;
import dev.fitkit.event.BatchEnd;
import dev.fitkit.event.EpochBegin;
import dev.fitkit.event.EpochEnd;
import dev.fitkit.metric.MetricNames;
import dev.fitkit.options.OptionSource;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * Appends each epoch to the history, after validation so the record holds validation metrics; with
 * {@code new HistoryHandler(true)}, also each training batch, after its step and metric update.
 * Batches are off by default: a long fit has many.
 *
 * <p>An epoch's record holds validation metrics only when a validation pass ran during that epoch
 * (at its end or between its batches): an epoch without one reads NaN, not the previous pass's
 * values.
 */
@FitHandler(id = HistoryHandler.ID, autoLoad = false)
public final class HistoryHandler {
  static final String ID = "fitkit.history";
  private final boolean perBatch;
  private Duration epochStart = Duration.ZERO;

  /** Records epochs only. */
  public HistoryHandler() {
    this(false);
  }

  /** For Guice and the built-in default: {@code fitkit.history.per-batch} (default false). */
  @Inject
  HistoryHandler(OptionSource source) {
    this(source.read(ID, "per-batch").flag("per-batch", false));
  }

  /**
   * Records epochs and, when {@code perBatch}, every training batch ({@code History.batches()}).
   */
  public HistoryHandler(boolean perBatch) {
    this.perBatch = perBatch;
  }

  @OnEpochBegin(priority = Priority.HISTORY)
  void start(EpochBegin event) {
    epochStart = event.elapsed();
  }

  // Before a validation pass between batches: one that fails cannot lose the batch's record.
  @OnBatchEnd(priority = Priority.VALIDATION - 50)
  void recordBatch(BatchEnd event) {
    if (perBatch) {
      event
          .history()
          .add(
              new BatchRecord(
                  event.globalStep(),
                  event.epoch(),
                  event.batchIndex(),
                  event.batchSize(),
                  event.meanLoss(),
                  event.learningRate(),
                  // Mid-epoch, validation values are the latest pass's, not this batch's: leave
                  // them out.
                  MetricNames.trainingOnly(event.metrics())));
    }
  }

  @OnEpochEnd(priority = Priority.HISTORY)
  void record(EpochEnd event) {
    event
        .history()
        .add(
            new EpochRecord(
                event.epoch(),
                event.batchesInEpoch(),
                event.learningRate(),
                event.validated()
                    ? event.metrics()
                    : MetricNames.withoutValidation(event.metrics()),
                event.elapsed().minus(epochStart)));
  }
}

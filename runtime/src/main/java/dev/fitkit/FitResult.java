package dev.fitkit;

import java.time.Duration;
import java.util.List;

/**
 * What {@code fit} did.
 *
 * @param outcome completed, stopped by handlers, or failed
 * @param history one record per epoch
 * @param stopReasons every stop request, in the order they were made
 * @param epochs epochs started (the last may be partial under a batch budget or a stop)
 * @param batches training batches run
 * @param duration wall-clock time of this fit (of this process's part, for a resumed run; the
 *     counts above are the whole run's)
 */
public record FitResult(
    Outcome outcome,
    History history,
    List<StopReason> stopReasons,
    int epochs,
    long batches,
    Duration duration) {

  public FitResult {
    stopReasons = List.copyOf(stopReasons);
  }

  /** Whether a handler ended training before the budget was spent. */
  public boolean stoppedEarly() {
    return outcome == Outcome.STOPPED;
  }
}

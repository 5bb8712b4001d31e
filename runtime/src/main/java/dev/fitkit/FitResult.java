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
 * @param handlerTimes the time each handler method took in this fit, at each event, longest first
 */
public record FitResult(
    Outcome outcome,
    History history,
    List<StopReason> stopReasons,
    int epochs,
    long batches,
    Duration duration,
    List<HandlerTime> handlerTimes) {

  public FitResult {
    stopReasons = List.copyOf(stopReasons);
    handlerTimes = List.copyOf(handlerTimes);
  }

  /** A result without handler times, as results were before they were measured. */
  public FitResult(
      Outcome outcome,
      History history,
      List<StopReason> stopReasons,
      int epochs,
      long batches,
      Duration duration) {
    this(outcome, history, stopReasons, epochs, batches, duration, List.of());
  }

  /** Whether a handler ended training before the budget was spent. */
  public boolean stoppedEarly() {
    return outcome == Outcome.STOPPED;
  }
}

package dev.fitkit.event;

import dev.fitkit.Outcome;
import dev.fitkit.StopReason;
import java.util.List;
import java.util.Optional;

/** Fired once when training ends, however it ends: completed, stopped, or failed. */
public final class TrainEnd extends FitEvent {
  private final Outcome outcome;
  private final Throwable failure;
  private final List<StopReason> stopReasons;

  public TrainEnd(
      FitContext context, Outcome outcome, Throwable failure, List<StopReason> stopReasons) {
    super(context);
    this.outcome = outcome;
    this.failure = failure;
    this.stopReasons = List.copyOf(stopReasons);
  }

  public Outcome outcome() {
    return outcome;
  }

  /** What made training fail, when it failed. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /** Every stop request made during the fit. */
  public List<StopReason> stopReasons() {
    return stopReasons;
  }
}

package dev.fitkit.event;

/** Fired once before {@code Estimator.predict} runs its first batch. */
public final class PredictBegin extends FitEvent {
  public PredictBegin(FitContext context) {
    super(context);
  }
}

package dev.fitkit.event;

import java.util.Optional;

/** Fired once after {@code Estimator.predict} ran its last batch, or when it failed. */
public final class PredictEnd extends FitEvent {
  private final long batches;
  private final long samples;
  private final Throwable failure;

  public PredictEnd(FitContext context, long batches, long samples, Throwable failure) {
    super(context);
    this.batches = batches;
    this.samples = samples;
    this.failure = failure;
  }

  /** Batches predicted. */
  public long batches() {
    return batches;
  }

  /** Samples predicted. */
  public long samples() {
    return samples;
  }

  /** What ended the pass early, if anything did. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }
}

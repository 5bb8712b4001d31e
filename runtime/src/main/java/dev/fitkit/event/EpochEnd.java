package dev.fitkit.event;

import java.util.Map;

/**
 * Fired after each training epoch. Handlers at the default priority see the epoch's training
 * metrics, its validation metrics (when validation ran) and the history including this epoch.
 */
public final class EpochEnd extends FitEvent {
  private final boolean complete;

  public EpochEnd(FitContext context, boolean complete) {
    super(context);
    this.complete = complete;
  }

  /** Training batches run in this epoch, resumed ones included. */
  public long batchesInEpoch() {
    return context().batchesInEpoch();
  }

  /** Epochs ended over the run, this one included (cut-short ones count). */
  public int epochsEnded() {
    return context().epochsEnded() + 1;
  }

  /**
   * Whether every batch of the epoch ran; false when a stop or the budget cut it short, which makes
   * it the last epoch of the run.
   */
  public boolean complete() {
    return complete;
  }

  /**
   * Whether a validation pass completed during this epoch, so the {@code "validation ..."} metrics
   * are this epoch's; listeners after {@code Priority.VALIDATION} see the epoch-end pass.
   */
  public boolean validated() {
    return context().validated();
  }

  /** Runs a validation pass now; see {@link FitContext#validate()}. */
  public Map<String, Double> validate() {
    return context().validate();
  }
}

package dev.fitkit.event;

import java.util.Map;

/**
 * Fired after each training epoch. Handlers at the default priority see the epoch's training
 * metrics, its validation metrics (when validation ran) and the history including this epoch.
 */
public final class EpochEnd extends FitEvent {
  public EpochEnd(FitContext context) {
    super(context);
  }

  /** Training batches run in this epoch. */
  public long batchesInEpoch() {
    return context().batch() + 1;
  }

  /** Runs a validation pass now; see {@link FitContext#validate()}. */
  public Map<String, Double> validate() {
    return context().validate();
  }
}

package dev.fitkit.event;

/** Fired before each training epoch, and before the rest of an epoch a resumed run continues. */
public final class EpochBegin extends FitEvent {
  public EpochBegin(FitContext context) {
    super(context);
  }

  /**
   * Whether this epoch continues one a checkpoint saved part-way: {@link #batchesInEpoch()} of its
   * batches were trained before, and what handlers accumulate over an epoch was restored.
   */
  public boolean continued() {
    return context().batchesInEpoch() > 0;
  }

  /** Batches of this epoch already trained: 0, unless the epoch is {@link #continued()}. */
  public long batchesInEpoch() {
    return context().batchesInEpoch();
  }
}

package dev.fitkit.event;

/**
 * Fired after each training batch: after forward, loss and backward. The optimizer step and the
 * training metrics run here, at fixed priorities.
 */
public final class BatchEnd extends BatchOutputEvent {
  private String skipReason;
  private boolean updateHandled;

  public BatchEnd(FitContext context, BatchOutput output) {
    super(context, output);
  }

  /** Training batches of this epoch trained, this one included. */
  public long batchesInEpoch() {
    return context().batchesInEpoch();
  }

  /**
   * Asks the optimizer step not to apply this batch: its gradients are discarded. Only listeners
   * before {@code Priority.GRADIENT_UPDATE} can ask; {@code TerminateOnNaN} does, for a batch whose
   * loss is not finite.
   */
  public void skipUpdate(String reason) {
    if (skipReason == null) {
      skipReason = reason;
    }
  }

  /** Why the optimizer step does not apply this batch, or null when it does. */
  public String skipReason() {
    return skipReason;
  }

  /**
   * The optimizer step took this batch: stepped on it, added it to an accumulated group, or skipped
   * it on request. A failure before that leaves the batch untrained in a checkpoint saved on the
   * failure, so a resume trains it again.
   */
  public void updateHandled(boolean handled) {
    this.updateHandled = handled;
  }

  /** Whether the optimizer step took this batch. */
  public boolean updateHandled() {
    return updateHandled;
  }
}

package dev.fitkit.event;

/**
 * Fired after each training batch: after forward, loss and backward. The optimizer step and the
 * training metrics run here, at fixed priorities.
 */
public final class BatchEnd extends BatchOutputEvent {
  private String skipReason;

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
}

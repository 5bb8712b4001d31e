package dev.fitkit.event;

/**
 * Fired after each training batch: after forward, loss and backward. The optimizer step and the
 * training metrics run here, at fixed priorities.
 */
public final class BatchEnd extends BatchOutputEvent {
  public BatchEnd(FitContext context, BatchOutput output) {
    super(context, output);
  }
}

package dev.fitkit.event;

/** Fired after each validation batch: after forward and loss. */
public final class ValidationBatchEnd extends BatchOutputEvent {
  public ValidationBatchEnd(FitContext context, BatchOutput output) {
    super(context, output);
  }
}

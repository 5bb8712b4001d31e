package dev.fitkit.event;

/** Fired after a validation pass; validation metrics are published by then. */
public final class ValidationEnd extends FitEvent {
  public ValidationEnd(FitContext context) {
    super(context);
  }
}

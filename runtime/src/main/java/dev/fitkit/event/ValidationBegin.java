package dev.fitkit.event;

/** Fired before a validation pass. */
public final class ValidationBegin extends FitEvent {
  public ValidationBegin(FitContext context) {
    super(context);
  }
}

package dev.fitkit.event;

/**
 * Fired after a validation pass; validation metrics are published by then, unless the pass was cut
 * short.
 */
public final class ValidationEnd extends FitEvent {
  private final boolean completed;

  public ValidationEnd(FitContext context, boolean completed) {
    super(context);
    this.completed = completed;
  }

  /**
   * Whether the pass ran through all its data; false when a stop request during the pass (Ctrl-C, a
   * handler) cut it short, so its metrics are incomplete and not published.
   */
  public boolean completed() {
    return completed;
  }
}

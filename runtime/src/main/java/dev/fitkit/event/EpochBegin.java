package dev.fitkit.event;

/** Fired before each training epoch. */
public final class EpochBegin extends FitEvent {
  public EpochBegin(FitContext context) {
    super(context);
  }
}

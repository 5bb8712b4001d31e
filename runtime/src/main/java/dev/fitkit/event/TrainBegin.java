package dev.fitkit.event;

/** Fired once before the first epoch. */
public final class TrainBegin extends FitEvent {
  public TrainBegin(FitContext context) {
    super(context);
  }
}

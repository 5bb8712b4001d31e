package dev.fitkit.event;

/**
 * Fired once before the first epoch. A stateful handler resets its state here unless {@link
 * #resumed()}: then its state was just restored from the checkpoint.
 */
public final class TrainBegin extends FitEvent {
  public TrainBegin(FitContext context) {
    super(context);
  }

  /** Whether this run continues one saved in a checkpoint. */
  public boolean resumed() {
    return context().resumed();
  }
}

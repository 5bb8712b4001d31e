package dev.fitkit.testing;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.event.EpochEnd;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Asks to stop, by returning true, at the end of a configured epoch. */
@FitHandler(id = "test.stop-at-epoch", autoLoad = false)
public final class StopAtEpoch {
  private final int epoch;

  @Inject
  public StopAtEpoch(@Named("stop.epoch") int epoch) {
    this.epoch = epoch;
  }

  @OnEpochEnd
  boolean reached(EpochEnd e) {
    return e.epoch() == epoch;
  }
}

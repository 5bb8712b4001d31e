package dev.fitkit.testing;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.event.BatchEnd;

/** Asks to stop through the event, with a reason, at a given global step. */
@FitHandler(id = "test.request-stop", autoLoad = false)
public final class RequestStopAtBatch {
  private final long step;

  public RequestStopAtBatch(long step) {
    this.step = step;
  }

  @OnBatchEnd
  void check(BatchEnd e) {
    if (e.globalStep() == step) {
      e.requestStop("enough at step " + step);
    }
  }
}

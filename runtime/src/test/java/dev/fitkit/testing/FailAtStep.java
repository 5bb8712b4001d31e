package dev.fitkit.testing;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.event.BatchEnd;

/** Throws at a given global step, as a buggy handler would. */
@FitHandler(id = "test.fail", autoLoad = false)
public final class FailAtStep {
  private final long step;

  public FailAtStep(long step) {
    this.step = step;
  }

  @OnBatchEnd
  void maybeFail(BatchEnd e) {
    if (e.globalStep() == step) {
      throw new IllegalStateException("boom at step " + step);
    }
  }
}

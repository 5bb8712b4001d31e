package dev.fitkit.testing;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnValidationBatchEnd;
import dev.fitkit.event.ValidationBatchEnd;

/** Throws once, at a given validation batch of a given epoch, as a flaky validation set would. */
@FitHandler(id = "test.fail-validation", autoLoad = false)
public final class FailAtValidationBatch {
  private final int epoch;
  private final long batch;

  public FailAtValidationBatch(int epoch, long batch) {
    this.epoch = epoch;
    this.batch = batch;
  }

  @OnValidationBatchEnd
  void maybeFail(ValidationBatchEnd e) {
    if (e.epoch() == epoch && e.batchIndex() == batch) {
      throw new IllegalStateException("validation data unreadable at batch " + batch);
    }
  }
}

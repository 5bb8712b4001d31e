package dev.fitkit.testing;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnTrainBegin;

/** Throws at train begin, after the checkpoint handler installed its exit hook. */
@FitHandler(id = "test.throws-at-train-begin", autoLoad = false)
public final class ThrowsAtTrainBegin {
  @OnTrainBegin(priority = Integer.MAX_VALUE)
  void fail() {
    throw new IllegalStateException("set-up failed");
  }
}

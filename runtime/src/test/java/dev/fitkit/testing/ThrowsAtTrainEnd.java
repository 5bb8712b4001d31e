package dev.fitkit.testing;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnTrainEnd;
import dev.fitkit.annotations.Priority;

/** Throws at train end, before every other train-end listener. */
@FitHandler(id = "test.throws-at-train-end", autoLoad = false)
public final class ThrowsAtTrainEnd {
  @OnTrainEnd(priority = Priority.GRADIENT_UPDATE - 1000)
  void fail() {
    throw new IllegalStateException("cleanup failed");
  }
}

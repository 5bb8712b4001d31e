package dev.fitkit.testing;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnTrainBegin;
import jakarta.inject.Inject;

/** A handler whose constructor fails for a reason of its own. */
@FitHandler(id = "test.fails-to-build", autoLoad = false)
public final class FailsToBuild {
  @Inject
  FailsToBuild() {
    throw new IllegalStateException("no GPU here");
  }

  @OnTrainBegin
  void begin() {}
}

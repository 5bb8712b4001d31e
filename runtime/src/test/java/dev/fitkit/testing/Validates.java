package dev.fitkit.testing;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.event.EpochEnd;

/** Asks for a validation pass at each epoch end. */
@FitHandler(id = "test.validates", autoLoad = false)
public final class Validates {
  @OnEpochEnd
  void validate(EpochEnd e) {
    e.validate();
  }
}

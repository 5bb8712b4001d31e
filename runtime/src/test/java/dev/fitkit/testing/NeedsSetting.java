package dev.fitkit.testing;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnTrainBegin;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** A handler whose setting nobody bound. */
@FitHandler(id = "test.needs-setting", autoLoad = false)
public final class NeedsSetting {
  @Inject
  NeedsSetting(@Named("not.bound") String setting) {}

  @OnTrainBegin
  void begin() {}
}

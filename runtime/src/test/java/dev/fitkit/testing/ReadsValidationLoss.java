package dev.fitkit.testing;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.event.EpochEnd;
import java.util.ArrayList;
import java.util.List;

/** Notes the "validation loss" a default-priority handler sees at each epoch end, NaN when none. */
@FitHandler(id = "test.reads-validation-loss", autoLoad = false)
public final class ReadsValidationLoss {
  public final List<Double> seen = new ArrayList<>();

  @OnEpochEnd
  void read(EpochEnd e) {
    seen.add(e.metrics().getOrDefault("validation loss", Double.NaN));
  }
}

package dev.fitkit.testing;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.event.EpochEnd;

/** Reads a metric by name at each epoch end, as a monitoring handler does. */
@FitHandler(id = "test.reads-metric", autoLoad = false)
public final class ReadsMetric {
  private final String name;

  public ReadsMetric(String name) {
    this.name = name;
  }

  @OnEpochEnd
  void read(EpochEnd e) {
    e.metric(name);
  }
}

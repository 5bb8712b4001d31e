package com.example;

import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.annotations.OnTrainBegin;
import dev.fitkit.event.EpochEnd;

public final class StopAtTarget {
  private final double target = 0.9;

  @OnEpochEnd(priority = 100)
  boolean reached(EpochEnd event) {
    return event.metric("validation accuracy") >= target;
  }

  @OnTrainBegin
  void start() {}
}

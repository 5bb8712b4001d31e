package com.example;

import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.annotations.OnTrainBegin;
import dev.fitkit.event.EpochEnd;

class WrongParameter {
  @OnEpochEnd
  void metric(String name) {}

  /** The parameter fits the first annotation, not the second. */
  @OnEpochEnd
  @OnTrainBegin
  void both(EpochEnd event) {}
}

package com.example;

import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.annotations.OnTrainBegin;
import dev.fitkit.annotations.OnTrainEnd;
import dev.fitkit.event.FitEvent;
import dev.fitkit.event.TrainBegin;

/** Records each call, so a test can see that the binding calls the right method the right way. */
public final class Recorder {
  final StringBuilder calls = new StringBuilder();

  @OnTrainBegin
  void begin(TrainBegin event) {
    calls.append("begin(").append(event.getClass().getSimpleName()).append(") ");
  }

  @OnEpochEnd(priority = 7)
  boolean stop(FitEvent event) {
    calls.append("stop(").append(event.getClass().getSimpleName()).append(") ");
    return true;
  }

  @OnBatchEnd
  boolean keepGoing() {
    calls.append("keepGoing() ");
    return false;
  }

  @OnTrainEnd
  void end() {
    calls.append("end() ");
  }
}

package com.example;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchBegin;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.annotations.OnEpochBegin;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.annotations.OnTrainBegin;
import dev.fitkit.annotations.OnTrainEnd;
import dev.fitkit.annotations.OnValidationBatchEnd;
import dev.fitkit.annotations.OnValidationBegin;
import dev.fitkit.annotations.OnValidationEnd;
import dev.fitkit.annotations.Priority;
import dev.fitkit.event.BatchEnd;
import dev.fitkit.event.FitEvent;
import dev.fitkit.event.TrainBegin;
import jakarta.inject.Inject;

/** Every event, every call shape, priority constants, and an injected constructor. */
@FitHandler(id = "all-events", autoLoad = false)
public class AllEvents {
  private final String name;

  @Inject
  AllEvents(String name) {
    this.name = name;
  }

  @OnTrainBegin(priority = Priority.METRICS)
  public void trainBegin(TrainBegin event) {}

  @OnTrainEnd(priority = Priority.LOGGING)
  protected void trainEnd() {}

  @OnEpochBegin
  @OnValidationBegin(priority = -5)
  void anyEvent(FitEvent event) {}

  @OnEpochEnd(priority = Priority.HISTORY)
  boolean epochEnd() {
    return name.isEmpty();
  }

  @OnBatchBegin
  void batchBegin(Object event) {}

  @OnBatchEnd(priority = Priority.GRADIENT_UPDATE)
  boolean batchEnd(BatchEnd event) {
    return false;
  }

  @OnValidationBatchEnd
  void validation(Object event) {}

  /** Not a handler method, but a plain {@code validation(event)} call would pick it. */
  void validation(FitEvent event) {}

  @OnValidationEnd
  void validationEnd() throws IllegalStateException, AssertionError {}
}

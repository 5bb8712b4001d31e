package dev.fitkit.handlers;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.annotations.Priority;
import dev.fitkit.event.BatchEnd;

/** The optimizer step, first thing after backward, so later batch-end handlers see updated weights. */
@FitHandler(id = "fitkit.gradient-update", autoLoad = false)
public final class GradientUpdateHandler {

  @OnBatchEnd(priority = Priority.GRADIENT_UPDATE)
  void step(BatchEnd event) {
    event.trainer().step();
  }
}

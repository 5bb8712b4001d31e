package dev.fitkit.handlers;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.annotations.Priority;
import dev.fitkit.event.EpochEnd;

/** Runs a validation pass every {@code epochPeriod} epochs, when the fit has validation data. */
@FitHandler(id = "fitkit.validation", autoLoad = false)
public final class ValidationHandler {
  private final int epochPeriod;

  /** Validates after every epoch. */
  public ValidationHandler() {
    this(1);
  }

  public ValidationHandler(int epochPeriod) {
    if (epochPeriod <= 0) {
      throw new IllegalArgumentException("epochPeriod must be positive, got " + epochPeriod);
    }
    this.epochPeriod = epochPeriod;
  }

  @OnEpochEnd(priority = Priority.VALIDATION)
  void validate(EpochEnd event) {
    if (event.context().hasValidationData() && (event.epoch() + 1) % epochPeriod == 0) {
      event.validate();
    }
  }
}

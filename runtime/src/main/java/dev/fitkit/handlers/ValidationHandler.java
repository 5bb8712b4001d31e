package dev.fitkit.handlers;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.annotations.Priority;
import dev.fitkit.event.BatchEnd;
import dev.fitkit.event.EpochEnd;
import dev.fitkit.options.HandlerOptions;
import dev.fitkit.options.OptionSource;
import jakarta.inject.Inject;

/**
 * Runs a validation pass, when the fit has validation data, every {@code epochPeriod} epochs (at
 * epoch end) and every {@code batchPeriod} training batches (Gluon's {@code batch_period}), counted
 * over the whole fit, not per epoch. A batch-period pass runs right after the batch's optimizer
 * step and metric update, before handlers at the default priority see the batch.
 *
 * <p>The two periods are independent, as in Gluon: where both fall on an epoch's last batch, both
 * passes run. Each pass publishes the {@code "validation ..."} metrics, so an epoch's history
 * record holds those of the epoch's latest pass.
 */
@FitHandler(id = ValidationHandler.ID, autoLoad = false)
public final class ValidationHandler {
  static final String ID = "fitkit.validation";
  private final int epochPeriod;
  private final int batchPeriod;

  /** Validates after every epoch. */
  public ValidationHandler() {
    this(1);
  }

  /**
   * For Guice and the built-in default: {@code fitkit.validation.epoch-period} (default 1) and
   * {@code fitkit.validation.batch-period} (default 0).
   */
  @Inject
  ValidationHandler(OptionSource source) {
    this(source.read(ID, "epoch-period", "batch-period"));
  }

  private ValidationHandler(HandlerOptions o) {
    this(o.integer("epoch-period", 1), o.integer("batch-period", 0));
  }

  /** Validates after every {@code epochPeriod}-th epoch. */
  public ValidationHandler(int epochPeriod) {
    if (epochPeriod <= 0) {
      throw new IllegalArgumentException("epochPeriod must be positive, got " + epochPeriod);
    }
    this.epochPeriod = epochPeriod;
    this.batchPeriod = 0;
  }

  /**
   * Validates after every {@code epochPeriod}-th epoch and every {@code batchPeriod}-th training
   * batch; 0 turns either off, e.g. {@code new ValidationHandler(0, 500)} validates every 500
   * batches and not at epoch end.
   */
  public ValidationHandler(int epochPeriod, int batchPeriod) {
    if (epochPeriod < 0) {
      throw new IllegalArgumentException(
          "epochPeriod must be 0 (no validation at epoch end) or positive, got " + epochPeriod);
    }
    if (batchPeriod < 0) {
      throw new IllegalArgumentException(
          "batchPeriod must be 0 (no validation between batches) or positive, got " + batchPeriod);
    }
    if (epochPeriod == 0 && batchPeriod == 0) {
      throw new IllegalArgumentException(
          "ValidationHandler(0, 0) would never validate: give a positive epochPeriod or"
              + " batchPeriod, or pass null validation data to fit");
    }
    this.epochPeriod = epochPeriod;
    this.batchPeriod = batchPeriod;
  }

  @OnBatchEnd(priority = Priority.VALIDATION)
  void validateBatchPeriod(BatchEnd event) {
    if (batchPeriod > 0
        && event.context().hasValidationData()
        && event.stepsCompleted() % batchPeriod == 0) {
      event.context().validate();
    }
  }

  @OnEpochEnd(priority = Priority.VALIDATION)
  void validate(EpochEnd event) {
    if (epochPeriod > 0
        && event.context().hasValidationData()
        && (event.epoch() + 1) % epochPeriod == 0) {
      event.validate();
    }
  }
}

package dev.fitkit.run;

import dev.fitkit.Budget;

/**
 * Where a run is, and the only place that knows it: the epoch, the batches trained in it and over
 * the run, whether the epoch's end and its validation happened, whether the run was resumed. The
 * loop moves it forward; events read it; checkpoints save it and a resume puts it back.
 *
 * <p>A training batch counts as trained from the moment its batch end begins (backward has run and
 * the optimizer step is the first batch-end listener). An epoch counts as ended, for a checkpoint,
 * once its end is being handled after all of its batches ran; an epoch cut short by a stop or by
 * the budget never counts as ended, so a resume continues it where it stopped.
 */
public final class RunPosition {
  /** Where the current epoch is. */
  public enum Phase {
    /** Training batches run (or none has yet). */
    BATCHES,
    /** The epoch-end listeners run. */
    ENDING,
    /** The epoch-end listeners all ran. */
    ENDED,
    /** An epoch-end listener threw: the epoch did not end. */
    END_FAILED
  }

  private final Budget budget;
  private boolean resumed;
  private int epoch;
  private long batchesInEpoch;
  private long stepsCompleted;
  private long batchIndex = -1;
  private int epochsEnded;
  private Phase phase = Phase.BATCHES;
  private boolean epochComplete;
  private boolean validated;
  private boolean validationOwed;
  private boolean validating;
  private long validationBatchIndex = -1;
  private boolean inEpoch;

  /** A new run, before its first epoch; {@code budget} is null during {@code evaluate}. */
  public RunPosition(Budget budget) {
    this.budget = budget;
  }

  /**
   * Continues a saved run: {@code epoch} is the epoch the resumed run starts in, with {@code
   * batchesInEpoch} of its batches already trained.
   */
  public static RunPosition resumed(
      Budget budget,
      int epoch,
      long batchesInEpoch,
      long stepsCompleted,
      boolean validated,
      boolean validationOwed) {
    RunPosition position = new RunPosition(budget);
    position.resumed = true;
    position.epoch = epoch;
    position.epochsEnded = epoch;
    position.batchesInEpoch = batchesInEpoch;
    position.stepsCompleted = stepsCompleted;
    position.validated = validated;
    position.validationOwed = validationOwed;
    return position;
  }

  // ---- What the run asks -------------------------------------------------------------------

  /** The fit's budget; null during {@code evaluate}. */
  public Budget budget() {
    return budget;
  }

  /** Whether the budget is spent: the one place that answers it. False without a budget. */
  public boolean budgetSpent() {
    return budget != null && budget.isSpent(epochsEnded, stepsCompleted);
  }

  /** Whether this run continues one saved in a checkpoint. */
  public boolean resumed() {
    return resumed;
  }

  /** The current epoch, 0-based. */
  public int epoch() {
    return epoch;
  }

  /** Epochs begun, the one in progress and a resumed one included. */
  public int epochsStarted() {
    return phase == Phase.ENDED || !inEpoch ? epochsEnded : epochsEnded + 1;
  }

  /** Epochs whose end was handled, cut-short ones included. */
  public int epochsEnded() {
    return epochsEnded;
  }

  /** Training batches of the current epoch trained so far, the current one from its end on. */
  public long batchesInEpoch() {
    return batchesInEpoch;
  }

  /** Training batches trained over the whole run, the current one from its end on. */
  public long stepsCompleted() {
    return stepsCompleted;
  }

  /** The training batch in flight, 0-based within the epoch; -1 outside a batch. */
  public long batchIndex() {
    return batchIndex;
  }

  /**
   * Training batches completed before the current one: the current batch's 0-based index over the
   * run while it runs, the number trained otherwise.
   */
  public long globalStep() {
    return batchIndex >= 0 && inFlightCounted() ? stepsCompleted - 1 : stepsCompleted;
  }

  public Phase phase() {
    return phase;
  }

  /** Whether a validation pass completed during the current epoch. */
  public boolean validated() {
    return validated;
  }

  /**
   * Whether a validation pass between batches was cut short by a stop: a run resumed from here runs
   * it before its next batch.
   */
  public boolean validationOwed() {
    return validationOwed;
  }

  /** Whether a validation pass is running. */
  public boolean validating() {
    return validating;
  }

  /** The validation batch in flight, 0-based within its pass; -1 outside a pass. */
  public long validationBatchIndex() {
    return validationBatchIndex;
  }

  /**
   * Whether a checkpoint taken now resumes at the next epoch: the epoch's batches all ran, its end
   * is being handled or was, and neither its validation is running nor its end failed.
   */
  public boolean epochEndedForCheckpoint() {
    return epochComplete && !validating && (phase == Phase.ENDING || phase == Phase.ENDED);
  }

  // ---- How the loop moves it ---------------------------------------------------------------

  /** The next epoch begins (or, on a resume, the saved one continues). */
  public void beginEpoch(int epoch) {
    if (epoch != this.epoch) {
      this.epoch = epoch;
      this.batchesInEpoch = 0;
      this.validated = false;
      this.validationOwed = false;
    }
    this.phase = Phase.BATCHES;
    this.inEpoch = true;
    this.epochComplete = false;
    this.batchIndex = -1;
  }

  /** A training batch begins. */
  public void beginBatch() {
    batchIndex = batchesInEpoch;
  }

  /** Backward ran: from here on the batch counts as trained. */
  public void batchTrained() {
    batchesInEpoch++;
    stepsCompleted++;
  }

  /** The batch failed before the optimizer step took it: it does not count. */
  public void batchRejected() {
    if (batchIndex >= 0 && inFlightCounted()) {
      batchesInEpoch--;
      stepsCompleted--;
    }
  }

  /** Whether the batch in flight already counts as trained. */
  private boolean inFlightCounted() {
    return batchIndex < batchesInEpoch;
  }

  /** The batch's end listeners all ran. */
  public void endBatch() {
    batchIndex = -1;
  }

  /** The epoch's batches are over: all of them ({@code complete}) or cut short. */
  public void batchesOver(boolean complete) {
    epochComplete = complete;
    batchIndex = -1;
  }

  public void beginEpochEnd() {
    phase = Phase.ENDING;
  }

  public void epochEndFailed() {
    phase = Phase.END_FAILED;
  }

  /** The epoch-end listeners all ran. */
  public void endEpoch() {
    phase = Phase.ENDED;
    epochsEnded++;
  }

  public void beginValidation() {
    validating = true;
  }

  /** A validation batch begins. */
  public void beginValidationBatch(long index) {
    validationBatchIndex = index;
  }

  /**
   * A validation pass is over: {@code completed} when it ran through its data, else a stop cut it
   * short.
   */
  public void endValidation(boolean completed) {
    validating = false;
    validationBatchIndex = -1;
    if (completed) {
      validated = true;
      validationOwed = false;
    } else if (phase == Phase.BATCHES) {
      validationOwed = true;
    }
  }

  @Override
  public String toString() {
    return "epoch "
        + epoch
        + (batchIndex >= 0 ? ", batch " + batchIndex : "")
        + ", step "
        + globalStep();
  }
}

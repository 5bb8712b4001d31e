package dev.fitkit;

/**
 * How long {@code fit} trains: a number of epochs or a number of batches, never both (as in Gluon's
 * {@code fit(epochs=..)} / {@code fit(batches=..)}).
 */
public final class Budget {
  private final long epochs;
  private final long batches;

  private Budget(long epochs, long batches) {
    this.epochs = epochs;
    this.batches = batches;
  }

  /** Trains {@code n} full passes over the training data. */
  public static Budget epochs(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException(
          "Budget.epochs needs a positive number of epochs, got " + n);
    }
    return new Budget(n, Long.MAX_VALUE);
  }

  /**
   * Trains {@code n} batches, across as many epochs as that takes; the last epoch may be partial.
   */
  public static Budget batches(long n) {
    if (n <= 0) {
      throw new IllegalArgumentException(
          "Budget.batches needs a positive number of batches, got " + n);
    }
    return new Budget(Long.MAX_VALUE, n);
  }

  /** Whether the budget is counted in batches. */
  public boolean inBatches() {
    return batches != Long.MAX_VALUE;
  }

  /** The epoch limit, or {@code Long.MAX_VALUE} for a batch budget. */
  public long maxEpochs() {
    return epochs;
  }

  /** The batch limit, or {@code Long.MAX_VALUE} for an epoch budget. */
  public long maxBatches() {
    return batches;
  }

  /**
   * Whether training is over once {@code epochsDone} epochs and {@code batchesDone} batches ran.
   */
  public boolean isSpent(long epochsDone, long batchesDone) {
    return epochsDone >= epochs || batchesDone >= batches;
  }

  @Override
  public String toString() {
    return inBatches() ? batches + " batches" : epochs + " epochs";
  }
}

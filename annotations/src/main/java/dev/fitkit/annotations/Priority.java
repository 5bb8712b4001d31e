package dev.fitkit.annotations;

/**
 * Priorities of the built-in steps of the loop. Lower runs first within one event; user handlers
 * default to {@link #DEFAULT}, so they see updated parameters, metrics and validation results.
 */
public final class Priority {
  /** Batch end: the optimizer step. */
  public static final int GRADIENT_UPDATE = -2000;

  /** Batch end and epoch begin/end: training metrics are updated, reset and published. */
  public static final int METRICS = -1000;

  /** Epoch end: the validation pass. */
  public static final int VALIDATION = -900;

  /** Epoch end: the epoch is appended to the history. */
  public static final int HISTORY = -800;

  /** User handlers. */
  public static final int DEFAULT = 0;

  /**
   * Checkpoints: after user handlers, so the state they save is the epoch's or batch's final one.
   */
  public static final int CHECKPOINT = 1000;

  /**
   * Train end: the last checkpoint, before the handlers that change the network once training is
   * over (early stopping putting its best weights back), so it holds the weights the run trained.
   */
  public static final int LAST_CHECKPOINT = DEFAULT - 200;

  /** Logging runs last, so it reports what every other handler did. */
  public static final int LOGGING = Integer.MAX_VALUE;

  private Priority() {}
}

package dev.fitkit.event;

import java.nio.file.Path;

/**
 * Fired by the checkpoint handler after it wrote a checkpoint file, renamed into place and forced
 * to disk: the file is complete. Handlers may copy or upload it; they must not change or delete it,
 * since the checkpoint handler prunes old ones itself.
 */
public final class CheckpointSaved extends FitEvent {
  /** Why the file was written. */
  public enum Reason {
    /** Every {@code epochPeriod} epochs or {@code batchPeriod} batches. */
    PERIODIC,
    /** The best epoch by the monitored metric so far. */
    BEST,
    /** One of the {@code topK} best epochs. */
    TOP_K,
    /** The JVM was asked to exit (Ctrl-C, SIGTERM). */
    EXIT,
    /** Training failed. */
    FAILURE,
    /** Training ended: the run's last state, marked with its outcome. */
    LAST
  }

  private final Path file;
  private final Reason reason;

  public CheckpointSaved(FitContext context, Path file, Reason reason) {
    super(context);
    this.file = file;
    this.reason = reason;
  }

  /** The checkpoint file written. */
  public Path file() {
    return file;
  }

  public Reason reason() {
    return reason;
  }
}

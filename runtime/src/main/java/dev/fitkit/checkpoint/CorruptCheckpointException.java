package dev.fitkit.checkpoint;

import java.nio.file.Path;

/** A checkpoint file that cannot be trusted: truncated, altered, or not a checkpoint at all. */
public class CorruptCheckpointException extends Exception {
  private static final long serialVersionUID = 1L;

  public CorruptCheckpointException(Path file, String detail, Throwable cause) {
    super(
        "Checkpoint "
            + file
            + " is corrupt or truncated ("
            + detail
            + "); it was not written completely, or was changed since. Resume falls back to the"
            + " previous checkpoint; delete this file if it keeps coming up.",
        cause);
  }
}

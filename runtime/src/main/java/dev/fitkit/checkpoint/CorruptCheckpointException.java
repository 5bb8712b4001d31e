package dev.fitkit.checkpoint;

import java.nio.file.Path;

/**
 * A checkpoint file that cannot be used: truncated, altered, not a checkpoint at all, or written in
 * a format this version does not read.
 */
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

  private CorruptCheckpointException(String message) {
    super(message);
  }

  static CorruptCheckpointException otherFormat(Path file, int format) {
    return new CorruptCheckpointException(
        "Checkpoint "
            + file
            + " is in format "
            + format
            + ", which this version of fitkit does not read (it reads format "
            + RunState.FORMAT
            + "). Resume it with the fitkit version that wrote it, or start a new fit.");
  }
}

package dev.fitkit.contrib.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The error a pack handler raises when its output cannot be written: the file and the fix. */
public final class OutputFailure {
  private OutputFailure() {}

  public static UncheckedIOException of(
      String handlerId, String option, Path file, IOException cause) {
    return new UncheckedIOException(
        "Handler "
            + handlerId
            + " cannot write "
            + file.toAbsolutePath()
            + " ("
            + cause
            + "): free disk space or choose another place with -D"
            + handlerId
            + "."
            + option
            + "=..., or turn the handler off with -Dfitkit.handlers.deny="
            + handlerId,
        cause);
  }
}

package dev.fitkit.checkpoint;

import dev.fitkit.FitConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints of a folder: {@code {prefix}-epoch{E}batch{B}.ckpt} for periodic ones (E epochs
 * and B batches completed when saved), {@code {prefix}-best.ckpt} and {@code
 * {prefix}-top-epoch{E}batch{B}.ckpt} for the best by a monitored metric.
 */
public final class CheckpointStore {
  public static final String EXTENSION = ".ckpt";
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
  private static final Pattern PERIODIC = Pattern.compile("(.+)-epoch(\\d+)batch(\\d+)\\.ckpt");

  private final Path directory;
  private final String prefix;

  public CheckpointStore(Path directory, String prefix) {
    this.directory = directory;
    this.prefix = prefix;
  }

  public Path directory() {
    return directory;
  }

  public Path periodic(int epochsCompleted, long batchesCompleted) {
    return directory.resolve(
        prefix + "-epoch" + epochsCompleted + "batch" + batchesCompleted + EXTENSION);
  }

  public Path best() {
    return directory.resolve(prefix + "-best" + EXTENSION);
  }

  public Path top(int epochsCompleted, long batchesCompleted) {
    return directory.resolve(
        prefix + "-top-epoch" + epochsCompleted + "batch" + batchesCompleted + EXTENSION);
  }

  /** This prefix's periodic checkpoints, oldest first. */
  public List<Path> periodicFiles() {
    return periodicIn(directory).filter(p -> p.prefix.equals(prefix)).map(p -> p.file).toList();
  }

  /**
   * Deletes this prefix's temporary files, left by a process killed while it wrote a checkpoint:
   * they are never read, and on a full disk they hold the space the next save needs.
   */
  public void removeTemporaries() {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.startsWith(prefix + "-")
            && name.endsWith(EXTENSION + CheckpointFile.TEMPORARY_SUFFIX)) {
          Files.deleteIfExists(file);
          LOG.info("Removed {}, left by a save that did not finish", file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not clean temporary checkpoints in " + directory + ": " + e.getMessage(), e);
    }
  }

  /** Deletes the oldest periodic checkpoints until at most {@code keep} remain. */
  public void prune(int keep) {
    List<Path> files = periodicFiles();
    for (Path file : files.subList(0, Math.max(0, files.size() - keep))) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.warn("Could not delete old checkpoint {}: {}", file, e.getMessage());
      }
    }
  }

  /**
   * The newest checkpoint that reads back whole from {@code location}: a checkpoint file itself, or
   * a folder whose periodic checkpoints (any prefix) are tried newest first; corrupt ones are
   * skipped with a warning that names them.
   */
  public static Saved newestValid(Path location) {
    if (location == null) {
      throw new IllegalArgumentException(
          "resume needs the folder (or file) of the checkpoints to resume from");
    }
    if (Files.isRegularFile(location)) {
      try {
        return new Saved(location, CheckpointFile.read(location));
      } catch (CorruptCheckpointException e) {
        throw new FitConfigurationException(e.getMessage(), e);
      }
    }
    if (!Files.isDirectory(location)) {
      throw new FitConfigurationException(
          "Nothing to resume from: "
              + location
              + " is neither a checkpoint file nor a folder. Pass the folder a CheckpointHandler"
              + " saved to.");
    }
    List<Path> newestFirst =
        periodicIn(location)
            .sorted(
                Comparator.comparingLong(Periodic::batches)
                    .thenComparingInt(Periodic::epochs)
                    .reversed())
            .map(p -> p.file)
            .toList();
    for (Path file : newestFirst) {
      try {
        return new Saved(file, CheckpointFile.read(file));
      } catch (CorruptCheckpointException e) {
        LOG.warn(e.getMessage());
      }
    }
    throw new FitConfigurationException(
        "No usable checkpoint in "
            + location
            + (newestFirst.isEmpty()
                ? ": it holds no *-epoch{E}batch{B}.ckpt file. Train with a CheckpointHandler"
                    + " saving there first."
                : ": every one of "
                    + newestFirst.size()
                    + " is corrupt (see the warnings above)."));
  }

  private static Stream<Periodic> periodicIn(Path directory) {
    if (!Files.isDirectory(directory)) {
      return Stream.empty();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .map(Periodic::parse)
          .flatMap(Optional::stream)
          .sorted(Comparator.comparingLong(Periodic::batches).thenComparingInt(Periodic::epochs))
          .toList()
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not list checkpoints in " + directory, e);
    }
  }

  /** A checkpoint and the file it was read from. */
  public record Saved(Path file, Checkpoint checkpoint) {}

  private record Periodic(Path file, String prefix, int epochs, long batches) {
    static Optional<Periodic> parse(Path file) {
      Matcher m = PERIODIC.matcher(file.getFileName().toString());
      if (!m.matches() || m.group(1).endsWith("-top")) {
        return Optional.empty();
      }
      return Optional.of(
          new Periodic(file, m.group(1), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3))));
    }
  }
}

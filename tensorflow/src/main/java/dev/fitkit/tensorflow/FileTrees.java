package dev.fitkit.tensorflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deleting the folders the module writes: the native cache's copies and temporary SavedModels. */
final class FileTrees {
  private FileTrees() {}

  /** Deletes {@code folder} and what it holds; nothing when it does not exist. */
  static void delete(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** {@link #delete}, as far as it can: for temporary folders, whose left-overs cost only disk. */
  static void deleteQuietly(Path folder) {
    try {
      delete(folder);
    } catch (IOException e) {
      // A left-over temporary folder costs disk, not correctness.
    }
  }
}

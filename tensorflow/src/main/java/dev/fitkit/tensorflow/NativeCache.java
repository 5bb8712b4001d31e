package dev.fitkit.tensorflow;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A folder of native libraries copied out of the class path once: into a folder of its own under a
 * cache root, complete or not at all. The copy goes to a temporary folder renamed into place, under
 * a file lock, so two JVMs starting at once extract once and neither sees a half-written library; a
 * marker records each library's size, so a folder a crash or a full disk left broken is copied
 * again.
 */
final class NativeCache {
  private static final String MARKER = "complete";

  private final Path root;
  private final String resourceFolder;
  private final List<String> libraries;
  private final ClassLoader loader;

  NativeCache(Path root, String resourceFolder, List<String> libraries, ClassLoader loader) {
    this.root = root;
    this.resourceFolder = resourceFolder;
    this.libraries = List.copyOf(libraries);
    this.loader = loader;
  }

  /** Whether a call had to copy the libraries, and where they are. */
  record Result(Path folder, boolean extracted) {}

  /**
   * The folder holding the libraries under the name {@code version}, copied now when it is not
   * complete.
   *
   * @throws NoSuchFileException naming the resource when a library is not on the class path
   */
  Result ensure(String version) throws IOException {
    Path folder = root.resolve(version);
    if (complete(folder)) {
      return new Result(folder, false);
    }
    Files.createDirectories(root);
    // One JVM at a time; threads of this one are kept out by the caller's lock.
    try (FileChannel channel =
            FileChannel.open(
                root.resolve(version + ".lock"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      if (complete(folder)) {
        return new Result(folder, false); // another JVM copied them while this one waited
      }
      Path partial = Files.createTempDirectory(root, version + ".partial-");
      try {
        List<String> sizes = new ArrayList<>();
        for (String library : libraries) {
          sizes.add(library + " " + copy(library, partial.resolve(library)));
        }
        Files.writeString(partial.resolve(MARKER), String.join("\n", sizes) + "\n");
        FileTrees.delete(folder);
        Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        FileTrees.delete(partial);
      }
      return new Result(folder, true);
    }
  }

  private long copy(String library, Path target) throws IOException {
    String resource = resourceFolder + library;
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new NoSuchFileException(resource, null, "not on the class path");
      }
      return Files.copy(in, target);
    }
  }

  /** Every library there with the size the marker recorded when it was copied. */
  private boolean complete(Path folder) throws IOException {
    Path marker = folder.resolve(MARKER);
    if (!Files.isRegularFile(marker)) {
      return false;
    }
    List<String> lines = Files.readAllLines(marker, StandardCharsets.UTF_8);
    if (lines.size() != libraries.size()) {
      return false;
    }
    for (String line : lines) {
      int space = line.lastIndexOf(' ');
      Path library = folder.resolve(line.substring(0, Math.max(0, space)));
      if (space < 0
          || !Files.isRegularFile(library)
          || Files.size(library) != Long.parseLong(line.substring(space + 1))) {
        return false;
      }
    }
    return true;
  }
}

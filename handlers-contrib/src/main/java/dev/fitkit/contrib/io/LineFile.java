package dev.fitkit.contrib.io;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A text file of one record per line that a resumed run continues: the lines of the part of the run
 * a crash lost (after the checkpoint it resumes from) and a torn last line are dropped first, so no
 * record appears twice.
 */
public final class LineFile implements Closeable {
  private final Path path;
  private final BufferedWriter out;

  private LineFile(Path path, BufferedWriter out) {
    this.path = path;
    this.out = out;
  }

  /** Creates or empties {@code path}: a new run. */
  public static LineFile replace(Path path) throws IOException {
    createParent(path);
    return new LineFile(
        path,
        Files.newBufferedWriter(
            path,
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE));
  }

  /**
   * Opens {@code path} to continue it: keeps its complete lines up to the first that {@code keep}
   * rejects (rewritten atomically when any is dropped), then appends.
   */
  public static LineFile continueWith(Path path, Predicate<String> keep) throws IOException {
    createParent(path);
    if (Files.exists(path)) {
      String text = Files.readString(path, StandardCharsets.UTF_8);
      List<String> kept = keptLines(text, keep);
      String keptText = kept.isEmpty() ? "" : String.join("\n", kept) + "\n";
      if (!keptText.equals(text)) {
        Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
        Files.writeString(temporary, keptText, StandardCharsets.UTF_8);
        Files.move(
            temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    }
    return new LineFile(
        path,
        Files.newBufferedWriter(
            path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
  }

  private static List<String> keptLines(String text, Predicate<String> keep) {
    List<String> kept = new ArrayList<>();
    int start = 0;
    for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      String line = text.substring(start, end);
      if (!keep.test(line)) {
        break;
      }
      kept.add(line);
      start = end + 1;
    }
    return kept;
  }

  /** The first line of {@code path}, or null when it has none. */
  public static String firstLine(Path path) throws IOException {
    if (!Files.exists(path)) {
      return null;
    }
    // Only the first line: the rest of the file is read once, by continueWith.
    try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c >= 0; c = in.read()) {
        if (c == '\n') {
          return line.toString();
        }
        line.append((char) c);
      }
      return null; // no complete line
    }
  }

  public Path path() {
    return path;
  }

  /** Appends {@code line} and hands it to the OS: a killed JVM loses no appended line. */
  public void append(String line) throws IOException {
    out.write(line);
    out.write('\n');
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  private static void createParent(Path path) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }
}

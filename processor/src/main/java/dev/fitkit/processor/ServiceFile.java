package dev.fitkit.processor;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.annotation.processing.Filer;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * The {@code ServiceLoader} registration of the generated bindings. Entries are collected over all
 * rounds and written once, at the end, merged with the file a previous (incremental) compilation
 * left in the class output.
 */
final class ServiceFile {
  static final String PATH =
      "META-INF/services/" + BindingRenderer.HANDLER_BINDING.reflectionName();

  private final SortedSet<String> entries = new TreeSet<>();

  /** Adds a binding by its binary name. */
  void add(String binaryName) {
    entries.add(binaryName);
  }

  /** Writes the merged, sorted file, unless this compilation adds nothing to it. */
  void write(Filer filer) throws IOException {
    SortedSet<String> all = existing(filer);
    if (!all.addAll(entries)) {
      return;
    }
    FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", PATH);
    try (Writer writer = new OutputStreamWriter(file.openOutputStream(), UTF_8)) {
      for (String entry : all) {
        writer.write(entry + "\n");
      }
    }
  }

  private static SortedSet<String> existing(Filer filer) {
    SortedSet<String> found = new TreeSet<>();
    try {
      FileObject file = filer.getResource(StandardLocation.CLASS_OUTPUT, "", PATH);
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(file.openInputStream(), UTF_8))) {
        reader
            .lines()
            .map(line -> line.replaceFirst("#.*", "").strip())
            .filter(line -> !line.isEmpty())
            .forEach(found::add);
      }
    } catch (IOException e) {
      // No file yet (a clean build): Filer.getResource or the read throws, and there is nothing to
      // keep.
    }
    return found;
  }
}

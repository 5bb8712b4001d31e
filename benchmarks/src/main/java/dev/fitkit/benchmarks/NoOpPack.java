package dev.fitkit.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A handler pack of {@code count} distinct no-op handler classes, each with one batch-end method,
 * compiled with the fitkit processor into a jar, as a pack author's build would: every estimator
 * with the jar on its class path discovers and runs them. Distinct classes, so the loop's call site
 * sees as many receivers as a real pack would give it.
 */
public final class NoOpPack {
  private NoOpPack() {}

  public static Path build(int count, Path workDir) {
    try {
      Path sources = Files.createDirectories(workDir.resolve("src/bench/noop"));
      List<String> files = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Path file = sources.resolve("NoOp" + i + ".java");
        Files.writeString(
            file,
            "package bench.noop;\n"
                + "@dev.fitkit.annotations.FitHandler(id = \"bench.noop-"
                + i
                + "\")\n"
                + "public final class NoOp"
                + i
                + " {\n"
                + "  long calls;\n"
                + "  @dev.fitkit.annotations.OnBatchEnd\n"
                + "  void on(dev.fitkit.event.BatchEnd event) { calls++; }\n"
                + "}\n");
        files.add(file.toString());
      }
      Path classes = Files.createDirectories(workDir.resolve("classes"));
      String classPath = System.getProperty("java.class.path");
      List<String> args =
          new ArrayList<>(
              List.of(
                  "-d",
                  classes.toString(),
                  "-classpath",
                  classPath,
                  "-processorpath",
                  classPath,
                  "--release",
                  "17"));
      args.addAll(files);
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      if (javac.run(null, null, null, args.toArray(String[]::new)) != 0) {
        throw new IllegalStateException("The no-op handler pack did not compile");
      }
      Path jar = workDir.resolve("noop-pack.jar");
      try (OutputStream out = Files.newOutputStream(jar);
          JarOutputStream jarOut = new JarOutputStream(out);
          Stream<Path> walk = Files.walk(classes)) {
        for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
          jarOut.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
          Files.copy(p, jarOut);
          jarOut.closeEntry();
        }
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

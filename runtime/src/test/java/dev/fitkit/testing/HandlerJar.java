package dev.fitkit.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
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
 * Builds a handler pack the way a user's build would: javac with the fitkit processor compiles the
 * sources under a test resource folder, and the classes, generated registrations and the pack's own
 * resources go into a jar.
 */
public final class HandlerJar {
  private HandlerJar() {}

  public static Path build(String sourceFolder, String resourceFolder, Path workDir) {
    try {
      Path sources = resource(sourceFolder);
      Path classes = Files.createDirectories(workDir.resolve("classes"));
      List<String> files;
      try (Stream<Path> walk = Files.walk(sources)) {
        files = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
      }
      // Surefire may hide the real class path behind a manifest-only jar; it publishes it here.
      String classPath =
          System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
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
      int status = javac.run(null, null, null, args.toArray(String[]::new));
      assertTrue(status == 0, "the pack compiles");
      copyTree(resource(resourceFolder), classes);
      Path jar = workDir.resolve("pack.jar");
      jar(classes, jar);
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path resource(String folder) {
    URL url = HandlerJar.class.getClassLoader().getResource(folder);
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        Files.createDirectories(target.getParent());
        Files.copy(p, target);
      }
    }
  }

  private static void jar(Path classes, Path jar) throws IOException {
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jarOut = new JarOutputStream(out);
        Stream<Path> walk = Files.walk(classes)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        jarOut.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
        Files.copy(p, jarOut);
        jarOut.closeEntry();
      }
    }
  }
}

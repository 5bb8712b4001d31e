package dev.fitkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * The template pack ({@code examples/template-pack}) built into a jar for real, as its own pom
 * would build it: javac with fitkit's processor on the processor path compiles its sources, and the
 * classes, the registrations the processor generated and the pack's own services file go into a
 * jar. Then the LeNet example trains in a child JVM with and without that jar on its class path,
 * and the pack's line appears only with it: nothing but the jar's presence turns it on.
 *
 * <p>The template's own pom and tests are not run here (they need fitkit installed in a Maven
 * repository, which {@code mvn verify} does not do); {@code bin/test} runs them after installing.
 */
class TemplatePackTest {
  private static final String PREFIX = "TEMPLATE-PACK-LINE";
  private static final Path EXAMPLES = Path.of(System.getProperty("basedir", "."));
  private static final Path TEMPLATE = EXAMPLES.resolve("template-pack");

  @TempDir static Path work;
  private static Path jar;
  private static Path data;

  @BeforeAll
  static void buildThePackAndTheData() throws Exception {
    jar = buildTemplateJar(work.resolve("pack"));
    data = ChildLenet.tinyFashionMnist(work.resolve("data"));
  }

  @Test
  void theJarHoldsTheGeneratedRegistrationsAndTheModuleList() throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      assertEquals(
          "org.example.fitpack.TemplatePackModule",
          read(file, "META-INF/services/dev.fitkit.spi.FitModule"));
      String bindings = read(file, "META-INF/services/dev.fitkit.spi.HandlerBinding");
      assertTrue(bindings.startsWith("org.example.fitpack.EpochLineHandler"), bindings);
      assertTrue(
          file.getEntry(bindings.replace('.', '/') + ".class") != null,
          "the generated binding is in the jar: " + bindings);
    }
  }

  @Test
  void lenetPrintsThePackLineOnlyWithTheJarOnItsClassPath() throws Exception {
    String with = lenet(jar, work.resolve("with"));
    String without = lenet(null, work.resolve("without"));

    assertTrue(
        with.contains(PREFIX + " epoch 1: train loss "),
        "discovered from the jar, its option read from -D:\n" + with);
    assertFalse(without.contains(PREFIX), "no jar, no line:\n" + without);
    assertTrue(without.contains("Epoch 1/1 done"), "and the run itself trained:\n" + without);
  }

  @Test
  void theTemplateAndTheBomFollowFitkitsVersion() throws Exception {
    String version = text(EXAMPLES.resolve("../pom.xml"), "/project/version");
    assertEquals(version, text(EXAMPLES.resolve("../bom/pom.xml"), "/project/version"));
    assertEquals(
        version,
        text(TEMPLATE.resolve("pom.xml"), "/project/properties/fitkit.version"),
        "the template pack builds against this fitkit");
  }

  /** Trains LeNet for one epoch of 4 batches in a child JVM; returns its output. */
  private static String lenet(Path pack, Path output) throws Exception {
    List<String> classPath = new ArrayList<>(ChildLenet.classPath());
    if (pack != null) {
      classPath.add(pack.toString());
    }
    return ChildLenet.train(
        classPath, List.of("-Dtemplate.epoch-line.prefix=" + PREFIX), data, output);
  }

  /**
   * Compiles the template's main sources with fitkit's processor and jars them with its resources.
   */
  private static Path buildTemplateJar(Path dir) throws IOException {
    Path classes = Files.createDirectories(dir.resolve("classes"));
    List<String> sources;
    try (Stream<Path> walk = Files.walk(TEMPLATE.resolve("src/main/java"))) {
      sources = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
    }
    assertFalse(sources.isEmpty(), "the template's sources are at " + TEMPLATE);
    List<String> args =
        new ArrayList<>(
            List.of(
                "--release",
                "17",
                "-Xlint:all,-processing",
                "-Werror",
                "-d",
                classes.toString(),
                "-classpath",
                classPath(),
                // The processor and what it needs are on the test class path (provided scope);
                // only fitkit's processors run, as the template's annotationProcessorPaths says.
                "-processorpath",
                classPath(),
                "-processor",
                String.join(",", fitkitProcessors())));
    args.addAll(sources);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int status = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
    assertEquals(
        0,
        status,
        "the template compiles without a warning:\n"
            + diagnostics.toString(StandardCharsets.UTF_8));
    copyTree(TEMPLATE.resolve("src/main/resources"), classes);
    Path jar = dir.resolve("fitkit-template-pack.jar");
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
  }

  /** The annotation processors fitkit registers, found as javac finds them. */
  private static List<String> fitkitProcessors() throws IOException {
    TreeSet<String> names = new TreeSet<>();
    for (URL url :
        Collections.list(
            TemplatePackTest.class
                .getClassLoader()
                .getResources("META-INF/services/javax.annotation.processing.Processor"))) {
      try (var in = url.openStream()) {
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          String name = line.replaceAll("#.*", "").trim();
          if (name.startsWith("dev.fitkit.")) {
            names.add(name);
          }
        }
      }
    }
    assertFalse(names.isEmpty(), "fitkit's processor is on the test class path");
    return List.copyOf(names);
  }

  private static String classPath() {
    return String.join(java.io.File.pathSeparator, ChildLenet.classPath());
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

  private static String read(JarFile file, String entry) throws IOException {
    JarEntry found = file.getJarEntry(entry);
    assertTrue(found != null, entry + " is in the jar");
    try (var in = file.getInputStream(found)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
  }

  private static String text(Path pom, String path) throws Exception {
    Document document =
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    return javax.xml.xpath.XPathFactory.newInstance().newXPath().evaluate(path, document).trim();
  }
}

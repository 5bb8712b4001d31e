package dev.fitkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fitkit.contrib.tensorboard.TensorFlowEvents;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/**
 * The observability pack ({@code handlers-contrib}) as a user meets it: the LeNet example trains in
 * a child JVM with the pack's jar on its class path and its options set by {@code -D}, then without
 * the jar and the same options. Only the first writes TensorBoard files (read back by TensorFlow's
 * own reader, CRCs checked) and the CSV, and both hold the values of the run's own history.
 */
class ContribPackTest {
  @TempDir static Path work;
  private static Path data;
  private static Path pack;

  @BeforeAll
  static void findThePackAndMakeTheData() throws IOException {
    data = ChildLenet.tinyFashionMnist(work.resolve("data"));
    List<String> entries = ChildLenet.classPath().stream().filter(ContribPackTest::isPack).toList();
    assertEquals(1, entries.size(), "the pack is on the test class path once: " + entries);
    pack = asJar(Path.of(entries.get(0)), work.resolve("fitkit-handlers-contrib.jar"));
  }

  @Test
  void withThePacksJarTheRunWritesTensorBoardFilesAndACsvOfItsHistory() throws Exception {
    Path output = work.resolve("with");
    List<String> classPath = new ArrayList<>(ChildLenet.classPathWithout(ContribPackTest::isPack));
    classPath.add(pack.toString());
    String log = ChildLenet.train(classPath, options(output), data, output);

    assertTrue(log.contains("contrib.tensorboard"), "the run lists the pack's handlers:\n" + log);
    Map<String, String> history = lastRow(output.resolve("lenet/history.csv"));
    Map<String, String> csv = lastRow(output.resolve("metrics.csv"));
    for (String metric :
        List.of("train loss", "train accuracy", "validation loss", "validation accuracy")) {
      assertEquals(history.get(metric), csv.get(metric), metric);
    }
    long steps = 4;
    assertEquals(
        (float) Double.parseDouble(history.get("train loss")),
        scalar(output.resolve("tb/train"), "epoch_loss", steps));
    assertEquals(
        (float) Double.parseDouble(history.get("validation accuracy")),
        scalar(output.resolve("tb/validation"), "epoch_accuracy", steps));
    for (long step = 1; step <= steps; step++) {
      assertFalse(Float.isNaN(scalar(output.resolve("tb/train"), "batch_loss", step)));
    }
  }

  @Test
  void withoutTheJarTheSameOptionsWriteNothing() throws Exception {
    Path output = work.resolve("without");
    String log =
        ChildLenet.train(
            ChildLenet.classPathWithout(ContribPackTest::isPack), options(output), data, output);

    assertTrue(log.contains("Epoch 1/1 done"), "the run trained:\n" + log);
    assertFalse(log.contains("contrib."), log);
    assertTrue(Files.notExists(output.resolve("tb")));
    assertTrue(Files.notExists(output.resolve("metrics.csv")));
  }

  private static List<String> options(Path output) {
    return List.of(
        "-Dcontrib.tensorboard.directory=" + output.resolve("tb"),
        "-Dcontrib.csv.file=" + output.resolve("metrics.csv"));
  }

  /** The pack's main classes or jar, not its test jar (which holds only the TensorFlow reader). */
  private static boolean isPack(String entry) {
    String path = entry.replace('\\', '/');
    boolean pack =
        path.contains("/handlers-contrib/target/") || path.contains("/fitkit-handlers-contrib-");
    return pack && !path.contains("test-classes") && !path.endsWith("-tests.jar");
  }

  /** The value of {@code tag} at {@code step} in the one event file of {@code directory}. */
  private static float scalar(Path directory, String tag, long step) throws Exception {
    List<Path> files;
    try (Stream<Path> list = Files.list(directory)) {
      files = list.toList();
    }
    assertEquals(1, files.size(), files.toString());
    for (Event event : TensorFlowEvents.read(files.get(0))) {
      for (Summary.Value value : event.getSummary().getValueList()) {
        if (event.getStep() == step && value.getTag().equals(tag)) {
          return value.getSimpleValue();
        }
      }
    }
    throw new AssertionError(tag + " at step " + step + " is not in " + files.get(0));
  }

  /** The last row of a CSV file without quoted cells, by column name. */
  private static Map<String, String> lastRow(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    String[] header = lines.get(0).split(",", -1);
    String[] row = lines.get(lines.size() - 1).split(",", -1);
    Map<String, String> cells = new HashMap<>();
    for (int i = 0; i < header.length; i++) {
      cells.put(header[i], row[i]);
    }
    return cells;
  }

  /** {@code entry} itself when it is a jar; the classes folder Maven gave, jarred, when not. */
  private static Path asJar(Path entry, Path jar) throws IOException {
    if (Files.isRegularFile(entry)) {
      return entry;
    }
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jarOut = new JarOutputStream(out);
        Stream<Path> walk = Files.walk(entry)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        jarOut.putNextEntry(new JarEntry(entry.relativize(p).toString().replace('\\', '/')));
        Files.copy(p, jarOut);
        jarOut.closeEntry();
      }
    }
    return jar;
  }
}

package dev.fitkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The LeNet example's command in a child JVM, on a tiny Fashion-MNIST folder, with a class path
 * chosen by the test: how a user runs it with or without a handler pack's jar.
 */
final class ChildLenet {
  private ChildLenet() {}

  /** The test JVM's class path entries (Surefire may hide them behind a manifest-only jar). */
  static List<String> classPath() {
    return Arrays.asList(
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
            .split(File.pathSeparator));
  }

  /** The test class path without the entries {@code excluded} matches. */
  static List<String> classPathWithout(Predicate<String> excluded) {
    return classPath().stream().filter(excluded.negate()).toList();
  }

  /**
   * Trains LeNet for one epoch on {@code data} with {@code classPath} and the {@code -D} options
   * {@code properties}, writing to {@code output}; returns what it printed.
   */
  static String train(List<String> classPath, List<String> properties, Path data, Path output)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-Dai.djl.default_engine=PyTorch",
                "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1"));
    command.addAll(properties);
    command.addAll(
        List.of(
            "-Xmx1g",
            "-cp",
            classPath.stream().collect(Collectors.joining(File.pathSeparator)),
            Main.class.getName(),
            "lenet",
            "--epochs",
            "1",
            "--batch-size",
            "64",
            "--data",
            data.toString(),
            "--output",
            output.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    StringWriter out = new StringWriter();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                in.transferTo(out);
              } catch (IOException e) {
                // the process ended: its output ends here
              }
            });
    reader.start();
    boolean ended = process.waitFor(3, TimeUnit.MINUTES);
    if (!ended) {
      process.destroyForcibly();
    }
    reader.join(10_000);
    assertTrue(ended, "the child JVM did not finish in 3 minutes:\n" + out);
    assertEquals(0, process.exitValue(), out.toString());
    return out.toString();
  }

  /**
   * A Fashion-MNIST folder of random images: 256 for training (4 batches of 64), 128 for the test.
   */
  static Path tinyFashionMnist(Path folder) throws IOException {
    Files.createDirectories(folder);
    Random random = new Random(1);
    writeSplit(folder, "train", 256, random);
    writeSplit(folder, "t10k", 128, random);
    return folder;
  }

  private static void writeSplit(Path folder, String prefix, int count, Random random)
      throws IOException {
    byte[] pixels = new byte[count * 28 * 28];
    random.nextBytes(pixels);
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      labels[i] = (byte) (i % 10);
    }
    ByteBuffer images = ByteBuffer.allocate(16 + pixels.length);
    images.putInt(0x803).putInt(count).putInt(28).putInt(28).put(pixels);
    ByteBuffer classes = ByteBuffer.allocate(8 + labels.length);
    classes.putInt(0x801).putInt(count).put(labels);
    Files.write(folder.resolve(prefix + "-images-idx3-ubyte"), images.array());
    Files.write(folder.resolve(prefix + "-labels-idx1-ubyte"), classes.array());
  }
}

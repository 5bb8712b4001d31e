package dev.fitkit.tensorflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real natives (from {@code tensorflow-core-native}'s jar, as Maven gives it) and DJL's real
 * TensorFlow engine, each start in a JVM of its own, as a user's program would: a fresh cache, a
 * second start, two JVMs at once, a broken library and a missing jar.
 */
class TensorFlowNativesTest {
  private static final String COPIED = "Copied the TensorFlow natives of";
  @TempDir Path root;

  @Test
  void aFreshCacheIsFilledOnceAndTheEngineComputesThenASecondStartReusesIt() throws Exception {
    String first = start(root, entry -> false);
    System.out.println(first); // the copy's time, for the README's figure
    assertTrue(first.contains("SUM 6.0"), first);
    assertTrue(first.contains(COPIED), first);
    assertTrue(
        first.contains("FRAMEWORKS 1"), "one libtensorflow_framework in the process: " + first);

    String second = start(root, entry -> false);
    assertTrue(second.contains("SUM 6.0"), second);
    assertFalse(second.contains(COPIED), "nothing copied again: " + second);
  }

  @Test
  void twoJvmsStartingAtOnceCopyOnceAndBothCompute() throws Exception {
    Process a = launch(root, entry -> false);
    Process b = launch(root, entry -> false);
    String outA = output(a);
    String outB = output(b);
    assertTrue(outA.contains("SUM 6.0"), outA);
    assertTrue(outB.contains("SUM 6.0"), outB);
    assertEquals(1, count(outA + outB, COPIED), "one of them copied:\n" + outA + "\n" + outB);
  }

  @Test
  void aBrokenLibraryIsAnErrorNamingTheFolderAndTheArtifact() throws Exception {
    assertTrue(start(root, entry -> false).contains("SUM 6.0"));
    Path folder = root.resolve(TensorFlowNatives.version());
    try (RandomAccessFile library =
        new RandomAccessFile(folder.resolve("libtensorflow_framework.so.2").toFile(), "rw")) {
      library.write(new byte[64]); // its ELF header, same size: the size check cannot tell
    }

    // With the jar on the class path JavaCPP would load its own copy instead: without it, the
    // cached folder is all there is (complete by its sizes, so not copied again).
    String out = start(root, entry -> entry.contains("tensorflow-core-native"));
    assertTrue(
        out.contains(
            "THREW dev.fitkit.FitConfigurationException: DJL's TensorFlow engine did not start"
                + " with the natives in "
                + folder),
        out);
    assertTrue(out.contains("They come from org.tensorflow:tensorflow-core-native"), out);
    assertTrue(out.contains("delete that folder to have them copied again"), out);
  }

  @Test
  void withoutTheNativesJarTheErrorNamesTheArtifactToAdd() throws Exception {
    String out = start(root, entry -> entry.contains("tensorflow-core-native"));
    assertTrue(
        out.contains(
            "THREW dev.fitkit.FitConfigurationException: The TensorFlow natives are not on the"
                + " class path: add the dependency org.tensorflow:tensorflow-core-native:"
                + TensorFlowNatives.version()
                + " with classifier linux-x86_64"),
        out);
  }

  @Test
  void aCacheFolderThatCannotBeMadeNamesItAndTheWayOut() throws Exception {
    Path file = java.nio.file.Files.writeString(root.resolve("a-file"), "not a folder");
    String out = start(file, entry -> false);
    assertTrue(
        out.contains(
            "THREW java.io.UncheckedIOException: Cannot copy the TensorFlow natives of"
                + " org.tensorflow:tensorflow-core-native:"
                + TensorFlowNatives.version()
                + " into "
                + file.resolve(TensorFlowNatives.version())),
        out);
    assertTrue(
        out.contains(
            "free disk space there (about 640 MB) or choose another folder with"
                + " -Dfitkit.tensorflow.cache=<folder>"),
        out);
  }

  @Test
  void aLibraryPathTheUserSetIsLeftAsItIs() {
    String previous = System.setProperty("TENSORFLOW_LIBRARY_PATH", root.toString());
    TensorFlowNatives.reset();
    try {
      assertEquals(root, TensorFlowNatives.install());
      assertEquals(root, TensorFlowNatives.install(), "once installed, the same folder");
    } finally {
      TensorFlowNatives.reset();
      if (previous == null) {
        System.clearProperty("TENSORFLOW_LIBRARY_PATH");
      } else {
        System.setProperty("TENSORFLOW_LIBRARY_PATH", previous);
      }
    }
  }

  @Test
  void theDefaultCacheIsUnderTheUsersCacheFolder() {
    String previous = System.clearProperty(TensorFlowNatives.CACHE_PROPERTY);
    try {
      Path cache = TensorFlowNatives.cacheRoot();
      assertTrue(cache.endsWith(Path.of("fitkit", "tensorflow")), cache.toString());
    } finally {
      if (previous != null) {
        System.setProperty(TensorFlowNatives.CACHE_PROPERTY, previous);
      }
    }
  }

  private static int count(String text, String part) {
    Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
    int n = 0;
    while (matcher.find()) {
      n++;
    }
    return n;
  }

  private static String start(Path root, Predicate<String> excluded) throws Exception {
    return output(launch(root, excluded));
  }

  private static Process launch(Path root, Predicate<String> excluded) throws IOException {
    String classPath =
        Arrays.stream(
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path"))
                    .split(File.pathSeparator))
            .filter(excluded.negate())
            .collect(Collectors.joining(File.pathSeparator));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The coverage agent follows the code into the child, so what it runs there counts too.
    java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(argument -> argument.startsWith("-javaagent:") && argument.contains("jacoco"))
        .forEach(command::add);
    command.add("-Dai.djl.offline=true");
    command.add("-D" + TensorFlowNatives.CACHE_PROPERTY + "=" + root);
    command.addAll(List.of("-Xmx512m", "-cp", classPath, Child.class.getName()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("OPT_OUT_TRACKING", "true");
    builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    builder.environment().remove("TENSORFLOW_LIBRARY_PATH");
    return builder.start();
  }

  private static String output(Process process) throws Exception {
    byte[] out = process.getInputStream().readAllBytes();
    assertTrue(process.waitFor(180, TimeUnit.SECONDS), "the child JVM ended");
    return new String(out, StandardCharsets.UTF_8);
  }

  /** A user's program: TensorFlow up, one sum, and how many TensorFlow frameworks it mapped. */
  public static final class Child {
    private Child() {}

    public static void main(String[] args) throws Exception {
      try {
        Engine engine = TensorFlowNatives.engine();
        try (NDManager manager = engine.newBaseManager()) {
          System.out.println("SUM " + manager.create(new float[] {1, 2, 3}).sum().getFloat());
        }
        long frameworks =
            java.nio.file.Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter(line -> line.contains("libtensorflow_framework.so"))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                .distinct()
                .count();
        System.out.println("FRAMEWORKS " + frameworks);
      } catch (Throwable t) {
        System.out.println("THREW " + t.getClass().getName() + ": " + t.getMessage());
      }
    }
  }
}

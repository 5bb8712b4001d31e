package dev.fitkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.core.Linear;
import ai.djl.training.loss.Loss;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * A user who forgot the engine: {@code build()} in a JVM whose class path holds no DJL engine (this
 * module's test class path without the {@code ai.djl.pytorch} jars) must fail with a {@link
 * FitConfigurationException} naming the artifacts to add, at the versions fitkit is built with (the
 * root pom's), not with DJL's bare "Not supported!".
 */
class NoEngineTest {

  @Test
  void withoutAnyEngineSettingTheErrorNamesTheEngineArtifacts() throws Exception {
    String output = run();
    assertNamesTheEngine(output);
    assertTrue(
        output.contains("(DJL found only its RPC engine, which cannot train)"),
        "DJL falls back to its RPC engine:\n" + output);
  }

  @Test
  void withTheDefaultEngineSetToPyTorchTheErrorNamesTheEngineArtifacts() throws Exception {
    String output = run("-Dai.djl.default_engine=PyTorch");
    assertNamesTheEngine(output);
    assertTrue(output.contains("not a download (DJL: "), "and what DJL said:\n" + output);
  }

  private static void assertNamesTheEngine(String output) throws Exception {
    Path pom = Path.of(System.getProperty("basedir", "."), "..", "pom.xml");
    String djl = property(pom, "djl.version");
    String jni = property(pom, "pytorch.jni.version");
    String natives = property(pom, "pytorch.native.version");
    assertTrue(
        output.contains("THREW " + FitConfigurationException.class.getName()),
        "a configuration error, not DJL's:\n" + output);
    for (String expected :
        List.of(
            "ai.djl.pytorch:pytorch-engine:" + djl,
            "ai.djl.pytorch:pytorch-jni:" + jni,
            "ai.djl.pytorch:pytorch-native-cpu:" + natives,
            "linux-x86_64")) {
      assertTrue(output.contains(expected), "the message names " + expected + ":\n" + output);
    }
  }

  /** Runs {@link BuildWithoutEngine} in a JVM without the engine jars; returns its output. */
  private static String run(String... options) throws IOException, InterruptedException {
    String classPath =
        Arrays.stream(
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path"))
                    .split(File.pathSeparator))
            .filter(entry -> !entry.replace('\\', '/').contains("/ai/djl/pytorch/"))
            .collect(Collectors.joining(File.pathSeparator));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dai.djl.offline=true");
    command.addAll(List.of(options));
    command.addAll(List.of("-Xmx256m", "-cp", classPath, BuildWithoutEngine.class.getName()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = process.getInputStream().readAllBytes();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the child JVM ended");
    String output = new String(out, StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), output);
    return output;
  }

  private static String property(Path pom, String name) throws Exception {
    Document document =
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    String value =
        XPathFactory.newInstance().newXPath().evaluate("/project/properties/" + name, document);
    assertTrue(!value.isBlank(), name + " is set in " + pom);
    return value.trim();
  }

  /** What a user's first line of fitkit does; prints what {@code build()} threw. */
  public static final class BuildWithoutEngine {
    private BuildWithoutEngine() {}

    public static void main(String[] args) {
      try (Estimator estimator =
          Estimator.builder()
              .block(Linear.builder().setUnits(1).build())
              .loss(Loss.l1Loss())
              .build()) {
        System.out.println("BUILT with " + estimator.model().getNDManager().getEngine());
      } catch (Throwable t) {
        System.out.println("THREW " + t.getClass().getName() + ": " + t.getMessage());
        t.printStackTrace(System.out);
      }
    }
  }
}

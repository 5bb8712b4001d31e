package dev.fitkit.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import com.google.inject.name.Names;
import dev.fitkit.Estimator;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.event.EventKind;
import dev.fitkit.handlers.LoggingHandler;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.HandlerJar;
import dev.fitkit.testing.LogCapture;
import dev.fitkit.testing.Nets;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A handler pack compiled on its own, as a user's build would, found on the class path by its jar
 * alone.
 */
class HandlerPackDiscoveryTest {
  @TempDir static Path workDir;
  private static Path packJar;
  private final List<String> sink = new ArrayList<>();
  private NDManager manager;

  @BeforeAll
  static void buildPack() {
    packJar = HandlerJar.build("consumer", "consumer-resources", workDir);
  }

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private Module sinkModule() {
    return binder ->
        binder
            .bind(new TypeLiteral<List<String>>() {})
            .annotatedWith(Names.named("pack.sink"))
            .toInstance(sink);
  }

  private Estimator.Builder estimator(ClassLoader loader) {
    return Estimator.builder()
        .block(Nets.mlp())
        .loss(Loss.softmaxCrossEntropyLoss())
        .modules(sinkModule())
        .classLoader(loader);
  }

  @Test
  void packHandlersRunWhenTheJarIsOnTheClassPath() throws Exception {
    try (URLClassLoader loader = packLoader();
        Estimator estimator = estimator(loader).build()) {
      estimator.fit(Blobs.dataset(manager, 16, 8, 1), 2);
      assertTrue(estimator.listenerOrder(EventKind.EPOCH_END).contains("pack.epoch-counter#count"));
    }
    // "epoch" comes from the pack's own Guice module, the list from the user's.
    assertEquals(List.of("epoch 0", "epoch 1"), sink);
  }

  @Test
  void withoutTheJarTheyAreGone() {
    try (Estimator estimator = estimator(getClass().getClassLoader()).build()) {
      estimator.fit(Blobs.dataset(manager, 16, 8, 1), 2);
      assertTrue(
          estimator.listenerOrder(EventKind.EPOCH_END).stream()
              .noneMatch(l -> l.startsWith("pack.")));
    }
    assertEquals(List.of(), sink);
  }

  @Test
  void discoveryCanBeTurnedOff() throws Exception {
    try (URLClassLoader loader = packLoader();
        Estimator estimator = estimator(loader).discoverHandlers(false).build()) {
      estimator.fit(Blobs.dataset(manager, 16, 8, 1), 1);
    }
    assertEquals(List.of(), sink);
  }

  @Test
  void handlersThatOptOutRunOnlyWhenAskedFor() throws Exception {
    try (URLClassLoader loader = packLoader()) {
      try (Estimator estimator = estimator(loader).build()) {
        estimator.fit(Blobs.dataset(manager, 16, 8, 1), 1);
      }
      assertEquals(List.of("epoch 0"), sink);
      Class<?> onRequest = loader.loadClass("com.example.pack.OnRequest");
      try (Estimator estimator = estimator(loader).handlerTypes(onRequest).build()) {
        estimator.fit(Blobs.dataset(manager, 16, 8, 1), 1);
      }
      assertEquals(List.of("epoch 0", "epoch 0", "on request: COMPLETED"), sink);
    }
  }

  @Test
  void theRunLogsEachHandlerWithItsOriginAndItsJar() throws Exception {
    try (URLClassLoader loader = packLoader();
        LogCapture log = new LogCapture(HandlerAssembly.class);
        Estimator estimator = estimator(loader).handlers(new LoggingHandler(0)).build()) {
      estimator.fit(Blobs.dataset(manager, 16, 8, 1), 1);
      String block =
          log.lines().stream()
              .filter(l -> l.contains("Handlers of this run"))
              .findFirst()
              .orElseThrow();
      assertTrue(
          block.matches(
              "(?s).*pack\\.epoch-counter +discovered +com\\.example\\.pack\\.EpochCounter \\("
                  + java.util.regex.Pattern.quote(packJar.toString())
                  + "\\)\\s+epoch end 0.*"),
          block);
      assertTrue(block.matches("(?s).*fitkit\\.logging +explicit .*"), block);
      assertTrue(
          block.matches("(?s).*fitkit\\.gradient-update +built-in .*batch end -2000.*"), block);
    }
  }

  @Test
  void aDeniedPackHandlerDoesNotRunAndTheLogSaysWhy() throws Exception {
    try (URLClassLoader loader = packLoader();
        LogCapture log = new LogCapture(HandlerAssembly.class);
        Estimator estimator = estimator(loader).denyHandlers("pack.epoch-counter").build()) {
      estimator.fit(Blobs.dataset(manager, 16, 8, 1), 1);
      assertTrue(
          log.lines().stream()
              .anyMatch(
                  l ->
                      l.equals(
                          "INFO Handler pack.epoch-counter ("
                              + packJar
                              + ") not run: its id is on the deny-list")),
          "" + log.lines());
    }
    assertEquals(List.of(), sink);
  }

  @Test
  void theListsComeFromSystemPropertiesToo() throws Exception {
    String previous = System.setProperty(HandlerSelection.ALLOW, "pack.other, pack.typo");
    try (URLClassLoader loader = packLoader();
        LogCapture log = new LogCapture(HandlerAssembly.class);
        Estimator estimator = estimator(loader).build()) {
      estimator.fit(Blobs.dataset(manager, 16, 8, 1), 1);
      assertTrue(
          log.lines()
              .contains(
                  "WARN The handler allow/deny lists name [pack.other, pack.typo], which no"
                      + " discovered handler has; discovered handlers: [pack.epoch-counter]"),
          "" + log.lines());
      assertTrue(
          log.lines().stream()
              .anyMatch(l -> l.endsWith("not run: its id is not on the allow-list")));
    } finally {
      if (previous == null) {
        System.clearProperty(HandlerSelection.ALLOW);
      } else {
        System.setProperty(HandlerSelection.ALLOW, previous);
      }
    }
    assertEquals(List.of(), sink);
    try (URLClassLoader loader = packLoader();
        Estimator estimator = estimator(loader).allowHandlers("pack.epoch-counter").build()) {
      estimator.fit(Blobs.dataset(manager, 16, 8, 1), 1);
    }
    assertEquals(List.of("epoch 0"), sink, "allowed, it runs");
  }

  @Test
  void twoJarsWhoseHandlersShareAnIdAreAnErrorNamingBoth() throws Exception {
    Path rivalJar =
        HandlerJar.build(
            "rival", "rival-resources", Files.createDirectories(workDir.resolve("rival")));
    try (URLClassLoader loader =
            new URLClassLoader(
                new URL[] {packJar.toUri().toURL(), rivalJar.toUri().toURL()},
                getClass().getClassLoader());
        Estimator estimator = estimator(loader).build()) {
      String m =
          assertThrows(
                  FitConfigurationException.class,
                  () -> estimator.fit(Blobs.dataset(manager, 16, 8, 1), 1))
              .getMessage();
      assertTrue(m.startsWith("Two handler classes share the id 'pack.epoch-counter': "), m);
      assertTrue(m.contains("com.example.pack.EpochCounter (discovered, from " + packJar + ")"), m);
      assertTrue(m.contains("com.example.rival.Counter (discovered, from " + rivalJar + ")"), m);
      assertTrue(
          m.endsWith(
              "give one of them another @FitHandler(id = ...), or keep one of the two jars off the"
                  + " class path."),
          m);
    }
  }

  @Test
  void aPackHandlerThatCannotBeBuiltNamesItsJarAndTheMissingBinding() throws Exception {
    try (URLClassLoader loader = packLoader();
        Estimator estimator =
            Estimator.builder()
                .block(Nets.mlp())
                .loss(Loss.softmaxCrossEntropyLoss())
                .classLoader(loader)
                .build()) {
      String m =
          assertThrows(
                  FitConfigurationException.class,
                  () -> estimator.fit(Blobs.dataset(manager, 16, 8, 1), 1))
              .getMessage();
      assertTrue(
          m.startsWith(
              "Guice could not create handler com.example.pack.EpochCounter (from "
                  + packJar
                  + ")"),
          m);
      assertTrue(m.contains("pack.sink"), m);
      assertTrue(m.contains("-Dfitkit.handlers.deny=<its id>"), m);
    }
  }

  private URLClassLoader packLoader() throws Exception {
    return new URLClassLoader(new URL[] {packJar.toUri().toURL()}, getClass().getClassLoader());
  }
}

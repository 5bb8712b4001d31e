package dev.fitkit.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import com.google.inject.name.Names;
import dev.fitkit.Estimator;
import dev.fitkit.event.EventKind;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.HandlerJar;
import dev.fitkit.testing.Nets;
import java.net.URL;
import java.net.URLClassLoader;
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

  private URLClassLoader packLoader() throws Exception {
    return new URLClassLoader(new URL[] {packJar.toUri().toURL()}, getClass().getClassLoader());
  }
}

package dev.fitkit.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fitkit.handlers.LoggingHandler;
import dev.fitkit.testing.LogCapture;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandlerCatalogTest {

  @Test
  void findsTheBuiltInBindingsButDoesNotAutoLoadThem() {
    HandlerCatalog catalog = HandlerCatalog.load(getClass().getClassLoader());
    assertEquals("fitkit.logging", catalog.bindingFor(LoggingHandler.class).orElseThrow().id());
    assertTrue(catalog.autoLoaded().stream().noneMatch(b -> b.id().startsWith("fitkit.")));
  }

  @Test
  void aStaleRegistrationIsSkippedWithAWarning(@TempDir Path dir) throws Exception {
    Path services = Files.createDirectories(dir.resolve("META-INF/services"));
    Files.writeString(
        services.resolve("dev.fitkit.spi.HandlerBinding"), "com.example.Deleted_HandlerBinding\n");
    try (LogCapture log = new LogCapture(HandlerCatalog.class);
        URLClassLoader loader =
            new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      HandlerCatalog catalog = HandlerCatalog.load(loader);

      assertTrue(
          catalog.bindingFor(LoggingHandler.class).isPresent(),
          "the other registrations still load");
      assertEquals(1, log.lines().size(), log.lines().toString());
      String warning = log.lines().get(0);
      assertTrue(
          warning.startsWith(
              "WARN Skipping a handler registration listed in"
                  + " META-INF/services/dev.fitkit.spi.HandlerBinding that cannot be loaded: "),
          warning);
      assertTrue(warning.contains("com.example.Deleted_HandlerBinding"), warning);
    }
  }
}

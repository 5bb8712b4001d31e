package dev.fitkit.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Module;
import com.google.inject.name.Names;
import dev.fitkit.FitConfigurationException;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * How handler settings are read from Guice bindings; the handlers' tests cover them inside fits.
 */
class SettingsTest {
  private static final Set<String> OPTIONS = Set.of("count", "rate", "on", "mode", "limit");

  private static Settings read(Module module) {
    return Settings.read(Guice.createInjector(module), "test.handler", OPTIONS);
  }

  private static Module constant(String option, Object value) {
    return binder -> {
      var named = binder.bindConstant().annotatedWith(Names.named("test.handler." + option));
      if (value instanceof Integer i) {
        named.to(i);
      } else if (value instanceof Double d) {
        named.to(d);
      } else {
        named.to(value.toString());
      }
    };
  }

  private static String error(Module module, java.util.function.Consumer<Settings> read) {
    return assertThrows(FitConfigurationException.class, () -> read.accept(read(module)))
        .getMessage();
  }

  @Test
  void unboundOptionsTakeTheirDefaults() {
    Settings s = read(binder -> {});
    assertFalse(s.has("count"));
    assertEquals(3, s.integer("count", 3));
    assertEquals(0.5, s.number("rate", 0.5));
    assertTrue(s.flag("on", true));
    assertEquals(Monitor.Mode.AUTO, s.choice("mode", Monitor.Mode.class, Monitor.Mode.AUTO));
    assertTrue(s.duration("limit").isEmpty());
    assertEquals("x", s.string("mode", "x"));
  }

  @Test
  void valuesConvertFromTextOrFromTheirOwnType() {
    assertEquals(2, read(constant("count", "2")).integer("count", 0));
    assertEquals(2, read(constant("count", 2.0)).integer("count", 0), "2.0 is a whole number");
    assertEquals(0.25, read(constant("rate", "0.25")).number("rate", 0));
    assertEquals(3.0, read(constant("rate", 3)).number("rate", 0));
    assertFalse(read(constant("on", "FALSE")).flag("on", true));
    assertEquals(
        Monitor.Mode.MAX,
        read(constant("mode", "Max")).choice("mode", Monitor.Mode.class, Monitor.Mode.AUTO));
    assertEquals(
        Monitor.Mode.MIN,
        read(binder ->
                binder
                    .bind(Monitor.Mode.class)
                    .annotatedWith(Names.named("test.handler.mode"))
                    .toInstance(Monitor.Mode.MIN))
            .choice("mode", Monitor.Mode.class, Monitor.Mode.AUTO));
    assertEquals(
        Duration.ofMinutes(30), read(constant("limit", "PT30M")).duration("limit").orElseThrow());
  }

  @Test
  void badValuesSayWhatIsExpected() {
    assertEquals(
        "The setting test.handler.count must be a whole number, got '2.5'",
        error(constant("count", "2.5"), s -> s.integer("count", 0)));
    assertEquals(
        "The setting test.handler.count must be a whole number, got '2.5'",
        error(constant("count", 2.5), s -> s.integer("count", 0)));
    assertEquals(
        "The setting test.handler.count must be a whole number that fits an int, got '5000000000'",
        error(constant("count", "5000000000"), s -> s.integer("count", 0)));
    assertEquals(
        "The setting test.handler.rate must be a number, got 'fast'",
        error(constant("rate", "fast"), s -> s.number("rate", 0)));
    assertEquals(
        "The setting test.handler.on must be true or false, got 'yes'",
        error(constant("on", "yes"), s -> s.flag("on", false)));
    assertEquals(
        "The setting test.handler.mode must be one of auto, max, min, got 'up'",
        error(
            constant("mode", "up"), s -> s.choice("mode", Monitor.Mode.class, Monitor.Mode.AUTO)));
  }

  @Test
  void unknownAndDoubleBoundNamesFail() {
    assertEquals(
        "Unknown setting test.handler.cuont: the options of test.handler are count, limit, mode,"
            + " on, rate.",
        assertThrows(FitConfigurationException.class, () -> read(constant("cuont", 1)))
            .getMessage());
    assertEquals(
        "The setting test.handler.count is bound twice, with different types: bind it once.",
        assertThrows(
                FitConfigurationException.class,
                () ->
                    read(
                        binder -> {
                          binder
                              .bindConstant()
                              .annotatedWith(Names.named("test.handler.count"))
                              .to(1);
                          binder
                              .bindConstant()
                              .annotatedWith(Names.named("test.handler.count"))
                              .to("1");
                        }))
            .getMessage());
    Settings others =
        read(
            binder ->
                binder.bindConstant().annotatedWith(Names.named("other.handler.count")).to(9));
    assertFalse(others.has("count"), "other handlers' settings are not ours");
  }

  @Test
  void settingsOfAParentInjectorCount() {
    var parent = Guice.createInjector(constant("count", 7));
    var child = parent.createChildInjector(constant("rate", 0.1));
    Settings s = Settings.read(child, "test.handler", OPTIONS);
    assertEquals(7, s.integer("count", 0));
    assertEquals(0.1, s.number("rate", 0));
  }
}

package dev.fitkit.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Module;
import com.google.inject.name.Names;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.metric.Monitor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * How handler options are read from Guice bindings and system properties; the handlers' tests cover
 * them inside fits.
 */
class OptionSourceTest {
  private static final Set<String> OPTIONS = Set.of("count", "rate", "on", "mode", "limit");

  private static HandlerOptions read(Module module) {
    return read(module, new Properties());
  }

  private static HandlerOptions read(Module module, Properties properties) {
    return OptionSource.of(Guice.createInjector(module), properties).read("test.handler", OPTIONS);
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

  private static String error(Module module, java.util.function.Consumer<HandlerOptions> read) {
    return assertThrows(FitConfigurationException.class, () -> read.accept(read(module)))
        .getMessage();
  }

  @Test
  void unboundOptionsTakeTheirDefaults() {
    HandlerOptions s = read(binder -> {});
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
        "The option test.handler.count must be a whole number, got '2.5'",
        error(constant("count", "2.5"), s -> s.integer("count", 0)));
    assertEquals(
        "The option test.handler.count must be a whole number, got '2.5'",
        error(constant("count", 2.5), s -> s.integer("count", 0)));
    assertEquals(
        "The option test.handler.count must be a whole number that fits an int, got '5000000000'",
        error(constant("count", "5000000000"), s -> s.integer("count", 0)));
    assertEquals(
        "The option test.handler.rate must be a number, got 'fast'",
        error(constant("rate", "fast"), s -> s.number("rate", 0)));
    assertEquals(
        "The option test.handler.on must be true or false, got 'yes'",
        error(constant("on", "yes"), s -> s.flag("on", false)));
    assertEquals(
        "The option test.handler.mode must be one of auto, max, min, got 'up'",
        error(
            constant("mode", "up"), s -> s.choice("mode", Monitor.Mode.class, Monitor.Mode.AUTO)));
  }

  @Test
  void unknownAndDoubleBoundNamesFail() {
    assertEquals(
        "Unknown option test.handler.cuont: the options of test.handler are count, limit, mode,"
            + " on, rate.",
        assertThrows(FitConfigurationException.class, () -> read(constant("cuont", 1)))
            .getMessage());
    assertEquals(
        "The option test.handler.count is bound twice, with different types: bind it once.",
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
    HandlerOptions others =
        read(
            binder ->
                binder.bindConstant().annotatedWith(Names.named("other.handler.count")).to(9));
    assertFalse(others.has("count"), "other handlers' settings are not ours");
  }

  @Test
  void optionsOfAParentInjectorCount() {
    var parent = Guice.createInjector(constant("count", 7));
    var child = parent.createChildInjector(constant("rate", 0.1));
    HandlerOptions s = OptionSource.of(child, new Properties()).read("test.handler", OPTIONS);
    assertEquals(7, s.integer("count", 0));
    assertEquals(0.1, s.number("rate", 0));
  }

  @Test
  void aSystemPropertyOverridesABindingAndIsCheckedAlike() {
    Properties properties = new Properties();
    properties.setProperty("test.handler.count", "5");
    properties.setProperty("test.handler.limit", "PT2S");
    properties.setProperty("other.handler.rate", "x");
    HandlerOptions o = read(constant("count", 3), properties);
    assertEquals(5, o.integer("count", 0), "the property wins over the binding");
    assertEquals(Duration.ofSeconds(2), o.duration("limit").orElseThrow());
    assertEquals("test.handler", o.id());

    properties.setProperty("test.handler.cuont", "1");
    assertEquals(
        "Unknown option test.handler.cuont: the options of test.handler are count, limit, mode,"
            + " on, rate.",
        assertThrows(FitConfigurationException.class, () -> read(binder -> {}, properties))
            .getMessage());
  }

  @Test
  void pathsAndTextWithoutADefault() {
    HandlerOptions o = read(constant("mode", "runs/a"));
    assertEquals(Path.of("runs/a"), o.path("mode").orElseThrow());
    assertEquals("runs/a", o.string("mode").orElseThrow());
    assertTrue(o.path("limit").isEmpty());
    assertTrue(o.string("limit").isEmpty());
    assertEquals(
        "The option test.handler.mode must be a file system path, got 'a\0b'",
        error(constant("mode", "a\0b"), s -> s.path("mode")));
    assertEquals(
        Path.of("/x"),
        read(binder ->
                binder
                    .bind(Path.class)
                    .annotatedWith(Names.named("test.handler.mode"))
                    .toInstance(Path.of("/x")))
            .path("mode")
            .orElseThrow());
  }

  @Test
  void aMissingOptionNamesTheBindingThatSetsIt() {
    HandlerOptions o = read(binder -> {});
    assertEquals(
        "Handler test.handler needs the option test.handler.count: bind it in a module passed to"
            + " Estimator.builder().modules(...), e.g. binder.bind...",
        o.missing("count", "binder.bind...").getMessage());
  }
}

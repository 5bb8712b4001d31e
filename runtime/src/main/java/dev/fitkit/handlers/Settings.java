package dev.fitkit.handlers;

import com.google.inject.Binding;
import com.google.inject.Injector;
import com.google.inject.Key;
import dev.fitkit.FitConfigurationException;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The settings of a built-in handler built by Guice: values bound under {@code @Named("<handler
 * id>.<option>")}, e.g. {@code binder.bindConstant().annotatedWith(Names.named(
 * "fitkit.early-stopping.patience")).to(2)}.
 *
 * <p>Jakarta's {@code @Inject} has no optional parameters, and a handler with ten options should
 * not need all ten bound, so the handlers' {@code @Inject} constructors take the injector and read
 * what is bound here. Any binding type works for a value (an int, a string "2", ...). A name under
 * the handler's id that is not one of its options fails: a misspelled setting must not be ignored.
 */
final class Settings {
  private final String id;
  private final Map<String, Object> values;

  private Settings(String id, Map<String, Object> values) {
    this.id = id;
    this.values = values;
  }

  /** Reads the settings of handler {@code id}; {@code options} are the names it understands. */
  static Settings read(Injector injector, String id, Set<String> options) {
    String prefix = id + ".";
    Map<String, Object> values = new TreeMap<>();
    for (Injector level = injector; level != null; level = level.getParent()) {
      for (Map.Entry<Key<?>, Binding<?>> entry : level.getBindings().entrySet()) {
        Optional<String> name = name(entry.getKey().getAnnotation());
        if (name.isEmpty() || !name.get().startsWith(prefix)) {
          continue;
        }
        String option = name.get().substring(prefix.length());
        if (!options.contains(option)) {
          throw new FitConfigurationException(
              "Unknown setting "
                  + name.get()
                  + ": the options of "
                  + id
                  + " are "
                  + String.join(", ", new TreeSet<>(options))
                  + ".");
        }
        if (values.putIfAbsent(option, entry.getValue().getProvider().get()) != null) {
          throw new FitConfigurationException(
              "The setting " + name.get() + " is bound twice, with different types: bind it once.");
        }
      }
    }
    return new Settings(id, values);
  }

  private static Optional<String> name(Annotation annotation) {
    if (annotation instanceof com.google.inject.name.Named named) {
      return Optional.of(named.value());
    }
    if (annotation instanceof jakarta.inject.Named named) {
      return Optional.of(named.value());
    }
    return Optional.empty();
  }

  boolean has(String option) {
    return values.containsKey(option);
  }

  /** The raw bound object, for settings that are objects (a schedule, a tracker). */
  Optional<Object> object(String option) {
    return Optional.ofNullable(values.get(option));
  }

  String string(String option, String fallback) {
    return has(option) ? values.get(option).toString() : fallback;
  }

  double number(String option, double fallback) {
    Object value = values.get(option);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(value.toString().trim());
    } catch (NumberFormatException e) {
      throw invalid(option, value, "a number");
    }
  }

  long whole(String option, long fallback) {
    Object value = values.get(option);
    if (value == null) {
      return fallback;
    }
    double number = value instanceof Number n ? n.doubleValue() : parse(option, value);
    if (number != Math.rint(number) || Double.isInfinite(number)) {
      throw invalid(option, value, "a whole number");
    }
    return (long) number;
  }

  int integer(String option, int fallback) {
    long value = whole(option, fallback);
    if (value != (int) value) {
      throw invalid(option, value, "a whole number that fits an int");
    }
    return (int) value;
  }

  boolean flag(String option, boolean fallback) {
    Object value = values.get(option);
    if (value == null) {
      return fallback;
    }
    String text = value.toString().trim().toLowerCase(Locale.ROOT);
    if (!text.equals("true") && !text.equals("false")) {
      throw invalid(option, value, "true or false");
    }
    return Boolean.parseBoolean(text);
  }

  <E extends Enum<E>> E choice(String option, Class<E> type, E fallback) {
    Object value = values.get(option);
    if (value == null) {
      return fallback;
    }
    if (type.isInstance(value)) {
      return type.cast(value);
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value.toString().trim())) {
        return constant;
      }
    }
    Set<String> names = new TreeSet<>();
    for (E constant : type.getEnumConstants()) {
      names.add(constant.name().toLowerCase(Locale.ROOT));
    }
    throw invalid(option, value, "one of " + String.join(", ", names));
  }

  /** A {@link Duration}, bound as one or as ISO-8601 text such as {@code "PT30M"}. */
  Optional<Duration> duration(String option) {
    Object value = values.get(option);
    if (value == null || value instanceof Duration) {
      return Optional.ofNullable((Duration) value);
    }
    try {
      return Optional.of(Duration.parse(value.toString().trim()));
    } catch (DateTimeParseException e) {
      throw invalid(option, value, "an ISO-8601 duration such as PT30M, PT2H or PT0.5S");
    }
  }

  /** The error for a setting the handler cannot run without. */
  FitConfigurationException missing(String option, String example) {
    return new FitConfigurationException(
        "Handler "
            + id
            + " needs the setting "
            + id
            + "."
            + option
            + ": bind it in a module passed"
            + " to Estimator.builder().modules(...), e.g. "
            + example);
  }

  private double parse(String option, Object value) {
    try {
      return Double.parseDouble(value.toString().trim());
    } catch (NumberFormatException e) {
      throw invalid(option, value, "a whole number");
    }
  }

  private FitConfigurationException invalid(String option, Object value, String expected) {
    return new FitConfigurationException(
        "The setting " + id + "." + option + " must be " + expected + ", got '" + value + "'");
  }
}

package dev.fitkit.options;

import dev.fitkit.FitConfigurationException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The options of one handler, read by {@link OptionSource#read(String, String...)}: typed getters
 * with the default the handler passes, and errors that name the option and what it must be.
 *
 * <pre>{@code
 * @Inject
 * UploadHandler(OptionSource source) {
 *   HandlerOptions options = source.read("acme.upload", "bucket", "every");
 *   this.bucket = options.string("bucket").orElseThrow(() -> options.missing("bucket",
 *       "binder.bindConstant().annotatedWith(Names.named(\"acme.upload.bucket\")).to(\"runs\")"));
 *   this.every = options.integer("every", 1);
 * }
 * }</pre>
 */
public final class HandlerOptions {
  private final String id;
  private final Map<String, Object> values;

  HandlerOptions(String id, Map<String, Object> values) {
    this.id = id;
    this.values = values;
  }

  /** The handler id these options belong to. */
  public String id() {
    return id;
  }

  /** Whether the option was set, by a binding or a system property. */
  public boolean has(String option) {
    return values.containsKey(option);
  }

  /** The raw bound object, for settings that are objects (a schedule, a tracker). */
  public Optional<Object> object(String option) {
    return Optional.ofNullable(values.get(option));
  }

  public String string(String option, String fallback) {
    return string(option).orElse(fallback);
  }

  /** A text option with no default. */
  public Optional<String> string(String option) {
    return Optional.ofNullable(values.get(option)).map(Object::toString);
  }

  /** A folder or file, bound as a {@link Path} or as text. */
  public Optional<Path> path(String option) {
    Object value = values.get(option);
    if (value == null || value instanceof Path) {
      return Optional.ofNullable((Path) value);
    }
    try {
      return Optional.of(Path.of(value.toString().trim()));
    } catch (InvalidPathException e) {
      throw invalid(option, value, "a file system path");
    }
  }

  public double number(String option, double fallback) {
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

  public long whole(String option, long fallback) {
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

  public int integer(String option, int fallback) {
    long value = whole(option, fallback);
    if (value != (int) value) {
      throw invalid(option, value, "a whole number that fits an int");
    }
    return (int) value;
  }

  public boolean flag(String option, boolean fallback) {
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

  public <E extends Enum<E>> E choice(String option, Class<E> type, E fallback) {
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
  public Optional<Duration> duration(String option) {
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

  /**
   * The error for an option the handler cannot run without; {@code example} shows a binding that
   * sets it.
   */
  public FitConfigurationException missing(String option, String example) {
    return new FitConfigurationException(
        "Handler "
            + id
            + " needs the option "
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
        "The option " + id + "." + option + " must be " + expected + ", got '" + value + "'");
  }
}

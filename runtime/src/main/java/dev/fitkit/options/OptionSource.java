package dev.fitkit.options;

import com.google.inject.Binding;
import com.google.inject.Injector;
import com.google.inject.Key;
import dev.fitkit.FitConfigurationException;
import jakarta.inject.Inject;
import java.lang.annotation.Annotation;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where handler options come from: values bound under {@code @Named("<handler id>.<option>")} in
 * the modules passed to {@code Estimator.builder().modules(...)}, and system properties of the same
 * name ({@code -Dfitkit.early-stopping.patience=2}), which override a binding so a run can be
 * changed without a rebuild. Any handler, built-in or from a pack, asks for one in its
 * {@code @Inject} constructor.
 *
 * <p>Jakarta's {@code @Inject} has no optional parameters, and a handler with ten options should
 * not need all ten bound; so a handler reads what is set through this. A name under the handler's
 * id that is not one of its options fails, listing the valid ones: a misspelled option must not be
 * ignored.
 */
public final class OptionSource {
  private final Injector injector;
  private final Properties properties;

  @Inject
  OptionSource(Injector injector) {
    this(injector, System.getProperties());
  }

  /** Options from {@code injector}'s bindings and from {@code properties}. */
  public static OptionSource of(Injector injector, Properties properties) {
    return new OptionSource(injector, properties);
  }

  private OptionSource(Injector injector, Properties properties) {
    this.injector = injector;
    this.properties = properties;
  }

  /**
   * Reads the options of handler {@code id}.
   *
   * @param options the option names the handler understands
   * @throws FitConfigurationException for a name under {@code id.} that is not one of them, or an
   *     option bound twice
   */
  public HandlerOptions read(String id, String... options) {
    return read(id, Set.of(options));
  }

  /** {@link #read(String, String...)} with the names as a set. */
  public HandlerOptions read(String id, Set<String> options) {
    String prefix = id + ".";
    Map<String, Object> values = new TreeMap<>();
    for (Injector level = injector; level != null; level = level.getParent()) {
      for (Map.Entry<Key<?>, Binding<?>> entry : level.getBindings().entrySet()) {
        Optional<String> name = name(entry.getKey().getAnnotation());
        if (name.isPresent() && name.get().startsWith(prefix)) {
          String option = known(name.get(), prefix, id, options);
          if (values.putIfAbsent(option, entry.getValue().getProvider().get()) != null) {
            throw new FitConfigurationException(
                "The option "
                    + name.get()
                    + " is bound twice, with different types: bind it once.");
          }
        }
      }
    }
    for (String name : properties.stringPropertyNames()) {
      if (name.startsWith(prefix)) {
        values.put(known(name, prefix, id, options), properties.getProperty(name));
      }
    }
    return new HandlerOptions(id, values);
  }

  private static String known(String name, String prefix, String id, Set<String> options) {
    String option = name.substring(prefix.length());
    if (!options.contains(option)) {
      throw new FitConfigurationException(
          "Unknown option "
              + name
              + ": the options of "
              + id
              + " are "
              + String.join(", ", new TreeSet<>(options))
              + ".");
    }
    return option;
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
}

package dev.fitkit.wiring;

import dev.fitkit.FitConfigurationException;
import dev.fitkit.spi.HandlerBinding;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every handler binding registered on a class path, found with {@link ServiceLoader}. */
public final class HandlerCatalog {
  static final String SERVICES_FILE = "META-INF/services/" + HandlerBinding.class.getName();
  private static final Logger LOG = LoggerFactory.getLogger(HandlerCatalog.class);

  private final Map<Class<?>, HandlerBinding<?>> bindings;

  private HandlerCatalog(Map<Class<?>, HandlerBinding<?>> bindings) {
    this.bindings = bindings;
  }

  /**
   * Loads the bindings {@code loader} can see. A registration whose class cannot be loaded (a
   * handler deleted since the last clean build, a half-copied jar) is skipped with a warning: one
   * stale line must not stop every training run.
   */
  @SuppressWarnings("rawtypes") // ServiceLoader knows the interface only as a raw class
  public static HandlerCatalog load(ClassLoader loader) {
    Map<Class<?>, HandlerBinding<?>> bindings = new LinkedHashMap<>();
    Iterator<HandlerBinding> found = ServiceLoader.load(HandlerBinding.class, loader).iterator();
    while (found.hasNext()) {
      try {
        HandlerBinding<?> binding = found.next();
        bindings.putIfAbsent(binding.handlerClass(), binding);
      } catch (ServiceConfigurationError e) {
        LOG.warn(
            "Skipping a handler registration listed in {} that cannot be loaded: {}. Rebuild the"
                + " jar that lists it (a clean build drops registrations of deleted handlers).",
            SERVICES_FILE,
            e.getMessage());
      }
    }
    return new HandlerCatalog(bindings);
  }

  /** The binding generated for {@code handlerClass}, if one is registered. */
  public Optional<HandlerBinding<?>> bindingFor(Class<?> handlerClass) {
    return Optional.ofNullable(bindings.get(handlerClass));
  }

  /** The bindings of handlers that run without being asked for. */
  public List<HandlerBinding<?>> autoLoaded() {
    return bindings.values().stream().filter(HandlerBinding::autoLoad).toList();
  }

  /** The binding for {@code handlerClass}, or an error that says how to generate it. */
  HandlerBinding<?> require(Class<?> handlerClass) {
    return bindingFor(handlerClass)
        .orElseThrow(
            () ->
                new FitConfigurationException(
                    "Handler "
                        + handlerClass.getName()
                        + " has no generated binding: no "
                        + handlerClass.getSimpleName()
                        + "_HandlerBinding is registered in "
                        + SERVICES_FILE
                        + ". Put dev.fitkit:fitkit-processor on the compiler's annotation processor"
                        + " path (maven-compiler-plugin <annotationProcessorPaths>), make sure the"
                        + " class has a method annotated @OnEpochEnd, @OnBatchEnd, ..., and"
                        + " rebuild."));
  }
}

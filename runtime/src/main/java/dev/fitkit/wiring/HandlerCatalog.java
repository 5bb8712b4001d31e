package dev.fitkit.wiring;

import dev.fitkit.FitConfigurationException;
import dev.fitkit.spi.HandlerBinding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Every handler binding registered on a class path, found with {@link ServiceLoader}. */
public final class HandlerCatalog {
  static final String SERVICES_FILE = "META-INF/services/" + HandlerBinding.class.getName();

  private final Map<Class<?>, HandlerBinding<?>> bindings;

  private HandlerCatalog(Map<Class<?>, HandlerBinding<?>> bindings) {
    this.bindings = bindings;
  }

  /** Loads the bindings {@code loader} can see. */
  public static HandlerCatalog load(ClassLoader loader) {
    Map<Class<?>, HandlerBinding<?>> bindings = new LinkedHashMap<>();
    try {
      for (HandlerBinding<?> binding : ServiceLoader.load(HandlerBinding.class, loader)) {
        bindings.putIfAbsent(binding.handlerClass(), binding);
      }
    } catch (ServiceConfigurationError e) {
      throw new FitConfigurationException(
          "A handler registration listed in " + SERVICES_FILE + " could not be loaded: "
              + e.getMessage() + ". A jar on the class path lists a binding it does not contain;"
              + " rebuild that handler jar with the fitkit processor, or remove it.",
          e);
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
    return bindingFor(handlerClass).orElseThrow(() -> new FitConfigurationException(
        "Handler " + handlerClass.getName() + " has no generated binding: no "
            + handlerClass.getSimpleName() + "_FitHandler is registered in " + SERVICES_FILE
            + ". Put dev.fitkit:fitkit-processor on the compiler's annotation processor path"
            + " (maven-compiler-plugin <annotationProcessorPaths>), make sure the class has a"
            + " method annotated @OnEpochEnd, @OnBatchEnd, ..., and rebuild."));
  }
}

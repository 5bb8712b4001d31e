package dev.fitkit.wiring;

import com.google.inject.ConfigurationException;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.loop.EventDispatcher;
import dev.fitkit.spi.HandlerBinding;
import dev.fitkit.spi.ListenerRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Puts together the handlers of one run: the ones passed explicitly, the auto-loaded ones found on
 * the class path (built by Guice), and the built-in defaults that were not replaced by a handler of
 * the same class. Each handler is wired to the loop through its generated binding.
 */
public final class HandlerAssembly {
  private final HandlerCatalog catalog;
  private final Injector injector;

  public HandlerAssembly(HandlerCatalog catalog, Injector injector) {
    this.catalog = catalog;
    this.injector = injector;
  }

  /**
   * Builds the dispatcher.
   *
   * @param defaults built-in handlers, each dropped when a handler of its class is given
   * @param instances handlers the user built
   * @param types handler classes the user wants Guice to build
   * @param discover whether to add the auto-loaded handlers found on the class path
   */
  public EventDispatcher assemble(
      List<Object> defaults, List<Object> instances, List<Class<?>> types, boolean discover) {
    List<Object> handlers = new ArrayList<>(instances);
    for (Class<?> type : types) {
      catalog.require(type);
      handlers.add(create(type));
    }
    Set<Class<?>> present = classesOf(handlers);
    if (discover) {
      for (HandlerBinding<?> binding : catalog.autoLoaded()) {
        if (present.add(binding.handlerClass())) {
          handlers.add(create(binding.handlerClass()));
        }
      }
    }
    for (Object handler : defaults) {
      if (present.add(handler.getClass())) {
        handlers.add(handler);
      }
    }
    EventDispatcher.Builder dispatcher = EventDispatcher.builder();
    for (Object handler : handlers) {
      HandlerBinding<?> binding = catalog.require(handler.getClass());
      bind(binding, handler, dispatcher.registryFor(binding.id(), handler));
    }
    return dispatcher.build();
  }

  /** Builds {@code type} with Guice; a failure names the handler and what to bind. */
  public Object create(Class<?> type) {
    try {
      return injector.getInstance(type);
    } catch (ProvisionException e) {
      // A constructor that rejects its settings already says what to fix: spare Guice's report
      // around it.
      if (e.getCause() instanceof FitConfigurationException
          || e.getCause() instanceof IllegalArgumentException) {
        throw new FitConfigurationException(
            "Could not create handler " + type.getName() + ": " + e.getCause().getMessage(),
            e.getCause());
      }
      throw cannotCreate(type, e);
    } catch (ConfigurationException e) {
      throw cannotCreate(type, e);
    }
  }

  private static FitConfigurationException cannotCreate(Class<?> type, RuntimeException e) {
    return new FitConfigurationException(
        "Guice could not create handler "
            + type.getName()
            + ": "
            + e.getMessage()
            + "\nBind what its @Inject constructor needs in a module passed to"
            + " Estimator.builder().modules(...), or mark the handler"
            + " @FitHandler(autoLoad = false) and pass an instance to handlers(...).",
        e);
  }

  private static Set<Class<?>> classesOf(List<Object> handlers) {
    Set<Class<?>> classes = new HashSet<>();
    handlers.forEach(h -> classes.add(h.getClass()));
    return classes;
  }

  private static <H> void bind(
      HandlerBinding<H> binding, Object handler, ListenerRegistry registry) {
    binding.bind(binding.handlerClass().cast(handler), registry);
  }
}

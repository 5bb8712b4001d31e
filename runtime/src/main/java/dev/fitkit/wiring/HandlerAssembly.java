package dev.fitkit.wiring;

import com.google.inject.ConfigurationException;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.event.EventKind;
import dev.fitkit.loop.EventDispatcher;
import dev.fitkit.spi.HandlerBinding;
import dev.fitkit.spi.Listener;
import dev.fitkit.spi.ListenerRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts together the handlers of one run: the ones passed explicitly, the auto-loaded ones found on
 * the class path that the {@link HandlerSelection} admits (built by Guice), and the built-in
 * defaults that were not replaced by a handler of the same class. Each handler is wired to the loop
 * through its generated binding, and the assembly is logged: what runs, from where, and why.
 */
public final class HandlerAssembly {
  private static final Logger LOG = LoggerFactory.getLogger(HandlerAssembly.class);

  private final HandlerCatalog catalog;
  private final Injector injector;

  public HandlerAssembly(HandlerCatalog catalog, Injector injector) {
    this.catalog = catalog;
    this.injector = injector;
  }

  /** One handler of the run and how it got there. */
  private record Entry(Object handler, HandlerOrigin origin) {}

  /**
   * Builds the dispatcher.
   *
   * @param defaults built-in handlers, each dropped when a handler of its class is given
   * @param instances handlers the user built
   * @param types handler classes the user wants Guice to build
   * @param discover whether to add the auto-loaded handlers found on the class path
   * @param selection which discovered handlers may run
   */
  public EventDispatcher assemble(
      List<Object> defaults,
      List<Object> instances,
      List<Class<?>> types,
      boolean discover,
      HandlerSelection selection) {
    List<Entry> entries = new ArrayList<>();
    instances.forEach(h -> entries.add(new Entry(h, HandlerOrigin.EXPLICIT)));
    for (Class<?> type : types) {
      catalog.require(type);
      entries.add(new Entry(create(type), HandlerOrigin.EXPLICIT));
    }
    Set<Class<?>> present = new HashSet<>();
    entries.forEach(e -> present.add(e.handler().getClass()));
    if (discover) {
      warnAboutUnknownIds(selection);
      for (HandlerBinding<?> binding : catalog.autoLoaded()) {
        if (!selection.admits(binding.id())) {
          LOG.info(
              "Handler {} ({}) not run: {}",
              binding.id(),
              HandlerOrigin.locationOf(binding.handlerClass()),
              selection.denied().contains(binding.id())
                  ? "its id is on the deny-list"
                  : "its id is not on the allow-list");
        } else if (present.add(binding.handlerClass())) {
          entries.add(new Entry(create(binding.handlerClass()), HandlerOrigin.DISCOVERED));
        }
      }
    }
    for (Object handler : defaults) {
      if (present.add(handler.getClass())) {
        entries.add(new Entry(handler, HandlerOrigin.BUILT_IN));
      }
    }
    return dispatcherOf(entries);
  }

  private EventDispatcher dispatcherOf(List<Entry> entries) {
    EventDispatcher.Builder dispatcher = EventDispatcher.builder();
    Map<String, Entry> byId = new HashMap<>();
    List<String> lines = new ArrayList<>();
    for (Entry entry : entries) {
      HandlerBinding<?> binding = catalog.require(entry.handler().getClass());
      Entry other = byId.putIfAbsent(binding.id(), entry);
      if (other != null && other.handler().getClass() != binding.handlerClass()) {
        throw sameId(binding.id(), other, entry);
      }
      List<String> listens = new ArrayList<>();
      ListenerRegistry registry = dispatcher.registryFor(binding.id(), entry.handler());
      bind(binding, entry.handler(), recording(registry, listens));
      lines.add(
          String.format(
              "  %-28s %-10s %s (%s)%n      %s",
              binding.id(),
              entry.origin(),
              binding.handlerClass().getName(),
              HandlerOrigin.locationOf(binding.handlerClass()),
              String.join(", ", listens)));
    }
    if (LOG.isInfoEnabled()) {
      LOG.info(
          "Handlers of this run (id, origin, class, loaded from; events at priority):\n{}",
          String.join("\n", lines));
    }
    return dispatcher.build();
  }

  /** Passes listeners on to {@code registry}, noting each event and priority for the log. */
  private static ListenerRegistry recording(ListenerRegistry registry, List<String> listens) {
    return new ListenerRegistry() {
      @Override
      public <E> void add(
          Class<E> eventType, int priority, String method, Listener<? super E> listener) {
        listens.add(EventKind.of(eventType) + " " + priority);
        registry.add(eventType, priority, method, listener);
      }
    };
  }

  private void warnAboutUnknownIds(HandlerSelection selection) {
    Set<String> registered =
        catalog.autoLoaded().stream().map(HandlerBinding::id).collect(Collectors.toSet());
    Set<String> unknown = selection.unknown(registered);
    if (!unknown.isEmpty()) {
      LOG.warn(
          "The handler allow/deny lists name {}, which no discovered handler has; discovered"
              + " handlers: {}",
          unknown,
          new java.util.TreeSet<>(registered));
    }
  }

  private static FitConfigurationException sameId(String id, Entry first, Entry second) {
    boolean bothDiscovered =
        first.origin() == HandlerOrigin.DISCOVERED && second.origin() == HandlerOrigin.DISCOVERED;
    return new FitConfigurationException(
        "Two handler classes share the id '"
            + id
            + "': "
            + described(first)
            + " and "
            + described(second)
            + ". Ids order handlers and key their checkpointed state, so they must be unique:"
            + " give one of them another @FitHandler(id = ...)"
            + (bothDiscovered ? ", or keep one of the two jars off the class path." : "."));
  }

  private static String described(Entry entry) {
    Class<?> type = entry.handler().getClass();
    return type.getName()
        + " ("
        + entry.origin()
        + ", from "
        + HandlerOrigin.locationOf(type)
        + ")";
  }

  /** Builds {@code type} with Guice; a failure names the handler, its jar and what to bind. */
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
            + " (from "
            + HandlerOrigin.locationOf(type)
            + "): "
            + e.getMessage()
            + "\nBind what its @Inject constructor needs in a module passed to"
            + " Estimator.builder().modules(...), or mark the handler"
            + " @FitHandler(autoLoad = false) and pass an instance to handlers(...), or keep it"
            + " from running with -D"
            + HandlerSelection.DENY
            + "=<its id>.",
        e);
  }

  private static <H> void bind(
      HandlerBinding<H> binding, Object handler, ListenerRegistry registry) {
    binding.bind(binding.handlerClass().cast(handler), registry);
  }
}

package dev.fitkit.loop;

import dev.fitkit.FitConfigurationException;
import dev.fitkit.HandlerFailedException;
import dev.fitkit.event.EventKind;
import dev.fitkit.event.FitEvent;
import dev.fitkit.spi.Listener;
import dev.fitkit.spi.ListenerRegistry;
import dev.fitkit.spi.StatefulHandler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calls the listeners of each event in order: priority (lower first), then handler id, then method
 * name, then registration order. A listener that returns {@code true} asks to stop; one that throws
 * fails the fit with its handler id, method and position in the message.
 */
public final class EventDispatcher {
  private static final Comparator<Registered<?>> ORDER =
      Comparator.<Registered<?>>comparingInt(Registered::priority)
          .thenComparing(Registered::handlerId)
          .thenComparing(Registered::method)
          .thenComparingLong(Registered::sequence);

  private final Map<EventKind<?>, List<Registered<?>>> listeners;
  private final Map<String, StatefulHandler<?>> statefulHandlers;

  private EventDispatcher(
      Map<EventKind<?>, List<Registered<?>>> listeners,
      Map<String, StatefulHandler<?>> statefulHandlers) {
    this.listeners = listeners;
    this.statefulHandlers = statefulHandlers;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Calls every listener of {@code kind} with {@code event}. */
  public <E extends FitEvent> void fire(EventKind<E> kind, E event, LoopState state) {
    for (Registered<?> registered : listeners.getOrDefault(kind, List.of())) {
      @SuppressWarnings("unchecked") // registered under kind, so it takes E
      Registered<E> listener = (Registered<E>) registered;
      state.enterHandler(listener.handlerId());
      try {
        if (listener.listener().on(event)) {
          state.requestStop("returned true from " + listener.method() + "()");
        }
      } catch (FitConfigurationException | HandlerFailedException e) {
        throw e; // already names its cause and fix
      } catch (RuntimeException e) {
        throw new HandlerFailedException(
            listener.handlerId(),
            "Handler "
                + listener.handlerId()
                + " failed in "
                + listener.method()
                + "() at "
                + kind
                + " ("
                + state.position()
                + "): "
                + e,
            e);
      } finally {
        state.leaveHandler();
      }
    }
  }

  /** The handlers whose state checkpoints save, by handler id. */
  public Map<String, StatefulHandler<?>> statefulHandlers() {
    return statefulHandlers;
  }

  /** The listeners of {@code kind} in call order, as {@code handlerId#method}. */
  public List<String> order(EventKind<?> kind) {
    return listeners.getOrDefault(kind, List.of()).stream()
        .map(r -> r.handlerId() + "#" + r.method())
        .toList();
  }

  /** Collects listeners handler by handler. */
  public static final class Builder {
    private final Map<EventKind<?>, List<Registered<?>>> listeners = new HashMap<>();
    private final Map<String, StatefulHandler<?>> statefulHandlers = new LinkedHashMap<>();
    private long sequence;

    private Builder() {}

    /**
     * The registry a generated binding fills for {@code handler}. A second stateful handler with
     * the same id keeps its state under {@code id#2}, and so on.
     */
    public ListenerRegistry registryFor(String handlerId, Object handler) {
      if (handler instanceof StatefulHandler<?> stateful) {
        String key = handlerId;
        for (int n = 2; statefulHandlers.containsKey(key); n++) {
          key = handlerId + "#" + n;
        }
        statefulHandlers.put(key, stateful);
      }
      return new ListenerRegistry() {
        @Override
        public <E> void add(
            EventKind<E> kind, int priority, String method, Listener<? super E> listener) {
          listeners
              .computeIfAbsent(kind, k -> new ArrayList<>())
              .add(new Registered<E>(handlerId, method, priority, sequence++, listener));
        }
      };
    }

    public EventDispatcher build() {
      Map<EventKind<?>, List<Registered<?>>> sorted = new HashMap<>();
      listeners.forEach((kind, list) -> sorted.put(kind, list.stream().sorted(ORDER).toList()));
      return new EventDispatcher(sorted, Map.copyOf(statefulHandlers));
    }
  }

  private record Registered<E>(
      String handlerId, String method, int priority, long sequence, Listener<? super E> listener) {}
}

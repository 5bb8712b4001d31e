package dev.fitkit.loop;

import dev.fitkit.FitConfigurationException;
import dev.fitkit.HandlerFailedException;
import dev.fitkit.HandlerTime;
import dev.fitkit.event.EventKind;
import dev.fitkit.event.FitEvent;
import dev.fitkit.spi.Listener;
import dev.fitkit.spi.ListenerRegistry;
import dev.fitkit.spi.StatefulHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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

  /** Calls every listener of {@code kind} with {@code event}; the first that throws ends it. */
  public <E extends FitEvent> void fire(EventKind<E> kind, E event, LoopState state) {
    List<Registered<?>> registered = listeners.getOrDefault(kind, List.of());
    // One clock read per call, not two: each listener's time is the gap since the previous read.
    long last = registered.isEmpty() ? 0 : System.nanoTime();
    for (Registered<?> listener : registered) {
      call(kind, listener, event, state);
      last = listener.timer().addSince(last);
    }
  }

  /**
   * Calls every listener of {@code kind}, even after some threw: train end must release every
   * handler's resources whatever failed before. Returns the first failure, the later ones added to
   * it as suppressed, or null.
   */
  public <E extends FitEvent> Throwable fireAll(EventKind<E> kind, E event, LoopState state) {
    Throwable first = null;
    long last = System.nanoTime();
    for (Registered<?> listener : listeners.getOrDefault(kind, List.of())) {
      try {
        call(kind, listener, event, state);
      } catch (RuntimeException | Error e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
      last = listener.timer().addSince(last);
    }
    return first;
  }

  private <E extends FitEvent> void call(
      EventKind<E> kind, Registered<?> registered, E event, LoopState state) {
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
              + state.where()
              + "): "
              + e,
          e);
    } finally {
      state.leaveHandler();
    }
  }

  /** The time each listener took so far, longest first; listeners never called are left out. */
  public List<HandlerTime> times() {
    List<HandlerTime> times = new ArrayList<>();
    listeners.forEach(
        (kind, registered) -> {
          for (Registered<?> r : registered) {
            if (r.timer().calls > 0) {
              times.add(
                  new HandlerTime(
                      r.handlerId(),
                      r.method(),
                      kind.toString(),
                      r.timer().calls,
                      Duration.ofNanos(r.timer().nanos)));
            }
          }
        });
    times.sort(Comparator.comparing(HandlerTime::total).reversed());
    return times;
  }

  /** The handlers whose state checkpoints save, by state key (the handler id by default). */
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
     * The registry a generated binding fills for {@code handler}. Two stateful handlers with the
     * same state key are an error: checkpoints keep states by key, and the two would swap states
     * whenever their order changed between a run and its resume.
     */
    public ListenerRegistry registryFor(String handlerId, Object handler) {
      if (handler instanceof StatefulHandler<?> stateful) {
        String key = stateful.stateKey().orElse(handlerId);
        StatefulHandler<?> other = statefulHandlers.putIfAbsent(key, stateful);
        if (other != null) {
          throw new FitConfigurationException(
              "Two handlers keep state under the same key '"
                  + key
                  + "': "
                  + other.getClass().getName()
                  + " and "
                  + handler.getClass().getName()
                  + ". Checkpoints store each handler's state by that key, so the two would get"
                  + " each other's. Give them distinct keys: distinct @FitHandler(id = ...) on"
                  + " their classes, or, for two of one class, distinct stateKey(...) on their"
                  + " builders (StatefulHandler.stateKey()).");
        }
      }
      return new ListenerRegistry() {
        @Override
        public <E> void add(
            Class<E> eventType, int priority, String method, Listener<? super E> listener) {
          listeners
              .computeIfAbsent(EventKind.of(eventType), k -> new ArrayList<>())
              .add(
                  new Registered<E>(
                      handlerId, method, priority, sequence++, listener, new Timer()));
        }
      };
    }

    public EventDispatcher build() {
      Map<EventKind<?>, List<Registered<?>>> sorted = new HashMap<>();
      listeners.forEach((kind, list) -> sorted.put(kind, list.stream().sorted(ORDER).toList()));
      return new EventDispatcher(
          sorted, Collections.unmodifiableMap(new LinkedHashMap<>(statefulHandlers)));
    }
  }

  private record Registered<E>(
      String handlerId,
      String method,
      int priority,
      long sequence,
      Listener<? super E> listener,
      Timer timer) {}

  /** Calls and time of one listener; the loop's thread alone writes it. */
  private static final class Timer {
    private long calls;
    private long nanos;

    /** Counts a call that began at {@code start}; returns the clock now. */
    long addSince(long start) {
      long now = System.nanoTime();
      calls++;
      nanos += now - start;
      return now;
    }
  }
}

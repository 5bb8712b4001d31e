package dev.fitkit.spi;

import dev.fitkit.event.EventKind;

/** Receives the listeners of one handler instance from its generated binding. */
public interface ListenerRegistry {

  /**
   * Adds a listener.
   *
   * @param kind the event it listens to
   * @param priority lower runs first
   * @param method the handler method's name, for ordering ties and error messages
   * @param listener the call into the handler
   */
  <E> void add(EventKind<E> kind, int priority, String method, Listener<? super E> listener);
}

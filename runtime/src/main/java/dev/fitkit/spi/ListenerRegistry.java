package dev.fitkit.spi;

/** Receives the listeners of one handler instance from its generated binding. */
public interface ListenerRegistry {

  /**
   * Adds a listener.
   *
   * @param eventType the class of the events it listens to
   * @param priority lower runs first
   * @param method the handler method's name, for ordering ties and error messages
   * @param listener the call into the handler
   */
  <E> void add(Class<E> eventType, int priority, String method, Listener<? super E> listener);
}

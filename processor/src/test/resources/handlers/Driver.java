package com.example;

import dev.fitkit.spi.HandlerBinding;
import dev.fitkit.spi.Listener;
import dev.fitkit.spi.ListenerRegistry;

/** Binds a Recorder through its generated binding, as the runtime does, and fires each listener. */
public final class Driver {
  private Driver() {}

  public static String run() throws ReflectiveOperationException {
    HandlerBinding<Recorder> binding = new Recorder_HandlerBinding();
    Recorder recorder = binding.handlerClass().getDeclaredConstructor().newInstance();
    StringBuilder fired = new StringBuilder();
    binding.bind(
        recorder,
        new ListenerRegistry() {
          @Override
          public <E> void add(
              Class<E> eventType, int priority, String method, Listener<? super E> listener) {
            fired
                .append(eventType.getSimpleName())
                .append(' ')
                .append(priority)
                .append(' ')
                .append(method)
                .append(" -> ");
            fired.append(listener.on(newEvent(eventType))).append('\n');
          }
        });
    return binding.id()
        + " "
        + binding.autoLoad()
        + "\n"
        + fired
        + recorder.calls.toString().strip();
  }

  private static <E> E newEvent(Class<E> eventType) {
    try {
      return eventType.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}

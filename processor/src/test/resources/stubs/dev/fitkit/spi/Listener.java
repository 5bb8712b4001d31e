package dev.fitkit.spi;

/**
 * One handler method, as the generated binding calls it.
 *
 * @param <E> the event type
 */
@FunctionalInterface
public interface Listener<E> {
  /** Runs the method; returns {@code true} when the method asks training to stop. */
  boolean on(E event);
}

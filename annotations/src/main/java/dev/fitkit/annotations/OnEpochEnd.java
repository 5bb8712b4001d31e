package dev.fitkit.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler method that runs after each training epoch.
 *
 * <p>The method may take no parameter or the event object {@code dev.fitkit.event.EpochEnd}. It
 * must not be private, and must not throw checked exceptions. It returns {@code void}, or {@code
 * boolean} where {@code true} asks training to stop.
 */
@HandlerEvent(value = "dev.fitkit.event.EpochEnd", mayStop = true)
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface OnEpochEnd {
  /** Lower runs first; ties are broken by handler id, then method name. See {@link Priority}. */
  int priority() default Priority.DEFAULT;
}

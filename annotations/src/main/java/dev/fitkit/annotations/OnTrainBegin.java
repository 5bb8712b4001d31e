package dev.fitkit.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler method that runs once before the first epoch of {@code fit}.
 *
 * <p>The method may take no parameter or the event object {@code dev.fitkit.event.TrainBegin}. It
 * must not be private, and must not throw checked exceptions. It returns {@code void}; to stop
 * training call {@code event.requestStop(reason)}.
 */
@HandlerEvent("dev.fitkit.event.TrainBegin")
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface OnTrainBegin {
  /** Lower runs first; ties are broken by handler id, then method name. See {@link Priority}. */
  int priority() default Priority.DEFAULT;
}

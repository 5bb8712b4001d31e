package dev.fitkit.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler method that runs after each prediction batch has run through the network; the
 * event holds its outputs.
 *
 * <p>The method may take no parameter or the event object {@code dev.fitkit.event.PredictBatchEnd}.
 * It returns {@code void}.
 */
@HandlerEvent("dev.fitkit.event.PredictBatchEnd")
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface OnPredictBatchEnd {
  /** Lower runs first; ties are broken by handler id, then method name. See {@link Priority}. */
  int priority() default Priority.DEFAULT;
}

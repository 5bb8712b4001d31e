package dev.fitkit.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler method that runs after {@code Estimator.predict} ran its last batch, or failed.
 *
 * <p>The method may take no parameter or the event object {@code dev.fitkit.event.PredictEnd}. It
 * returns {@code void}.
 */
@HandlerEvent("dev.fitkit.event.PredictEnd")
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface OnPredictEnd {
  /** Lower runs first; ties are broken by handler id, then method name. See {@link Priority}. */
  int priority() default Priority.DEFAULT;
}

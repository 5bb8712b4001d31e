package dev.fitkit.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler method that runs before the first batch of {@code Estimator.predict}.
 *
 * <p>The method may take no parameter or the event object {@code dev.fitkit.event.PredictBegin}. It
 * returns {@code void}.
 */
@HandlerEvent("dev.fitkit.event.PredictBegin")
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface OnPredictBegin {
  /** Lower runs first; ties are broken by handler id, then method name. See {@link Priority}. */
  int priority() default Priority.DEFAULT;
}

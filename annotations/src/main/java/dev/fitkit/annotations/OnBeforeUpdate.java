package dev.fitkit.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler method that runs just before each optimizer step, when the gradients the step
 * will apply are complete (after gradient accumulation): the place to read, clip or scale them.
 *
 * <p>The method may take no parameter or the event object {@code dev.fitkit.event.BeforeUpdate}. It
 * returns {@code void}.
 */
@HandlerEvent("dev.fitkit.event.BeforeUpdate")
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface OnBeforeUpdate {
  /** Lower runs first; ties are broken by handler id, then method name. See {@link Priority}. */
  int priority() default Priority.DEFAULT;
}

package dev.fitkit.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler method that runs after the checkpoint handler wrote a checkpoint file, e.g. to
 * upload or copy it.
 *
 * <p>The method may take no parameter or the event object {@code dev.fitkit.event.CheckpointSaved}.
 * It returns {@code void}.
 */
@HandlerEvent("dev.fitkit.event.CheckpointSaved")
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface OnCheckpointSaved {
  /** Lower runs first; ties are broken by handler id, then method name. See {@link Priority}. */
  int priority() default Priority.DEFAULT;
}

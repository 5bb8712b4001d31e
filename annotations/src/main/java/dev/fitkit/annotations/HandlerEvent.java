package dev.fitkit.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes an annotation a handler-method annotation: the one place that says which event it stands
 * for. The processor reads it, so an event kind, built-in or from a pack, is its annotation (with
 * this on it and a {@code priority()} member), its event class, and the line that fires it:
 *
 * <pre>{@code
 * @HandlerEvent("com.acme.fitkit.CheckpointUploaded")
 * @Retention(RetentionPolicy.CLASS)
 * @Target(ElementType.METHOD)
 * public @interface OnCheckpointUploaded {
 *   int priority() default Priority.DEFAULT;
 * }
 * }</pre>
 *
 * <p>The event class extends {@code dev.fitkit.event.FitEvent}; a handler fires it with {@code
 * event.context().publish(new CheckpointUploaded(event.context(), ...))}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.ANNOTATION_TYPE)
public @interface HandlerEvent {
  /** The canonical name of the event class handler methods receive. */
  String value();

  /** Whether a handler method may return {@code boolean}, {@code true} asking training to stop. */
  boolean mayStop() default false;
}

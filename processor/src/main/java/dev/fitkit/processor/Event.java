package dev.fitkit.processor;

import dev.fitkit.annotations.HandlerEvent;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * The event an annotation stands for, as its {@link HandlerEvent} meta-annotation declares it:
 * built-in ({@code @OnEpochEnd}) and pack-declared annotations alike, so the processor holds no
 * table of its own.
 *
 * @param annotationName the annotation's canonical name
 * @param annotationLabel the annotation as users write it, for messages: {@code @OnEpochEnd}
 * @param eventTypeName the canonical name of the event class handler methods receive
 * @param mayStop whether a handler method may return {@code boolean}, {@code true} asking to stop
 */
record Event(String annotationName, String annotationLabel, String eventTypeName, boolean mayStop) {
  static final String HANDLER_EVENT = HandlerEvent.class.getCanonicalName();

  /** The event {@code annotationType} stands for, if it is a handler-method annotation. */
  static Optional<Event> of(TypeElement annotationType) {
    return Annotations.find(annotationType, HANDLER_EVENT).map(meta -> of(annotationType, meta));
  }

  private static Event of(TypeElement annotationType, AnnotationMirror meta) {
    String eventType = null;
    boolean mayStop = false;
    for (var entry : meta.getElementValues().entrySet()) {
      ExecutableElement member = entry.getKey();
      AnnotationValue value = entry.getValue();
      if (member.getSimpleName().contentEquals("value")) {
        eventType = (String) value.getValue();
      } else if (member.getSimpleName().contentEquals("mayStop")) {
        mayStop = (Boolean) value.getValue();
      }
    }
    return new Event(
        annotationType.getQualifiedName().toString(),
        "@" + annotationType.getSimpleName(),
        eventType,
        mayStop);
  }
}

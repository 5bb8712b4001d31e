package dev.fitkit.processor;

import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/** One event annotation on a handler method: which event, and the mirror to point errors at. */
record EventAnnotation(Event event, AnnotationMirror mirror) {

  /** The event annotations of {@code method}, in the order they are written. */
  static List<EventAnnotation> on(ExecutableElement method) {
    return method.getAnnotationMirrors().stream().flatMap(mirror -> of(mirror).stream()).toList();
  }

  /** The methods {@code type} declares with at least one event annotation, in source order. */
  static List<ExecutableElement> methodsOf(TypeElement type) {
    return ElementFilter.methodsIn(type.getEnclosedElements()).stream()
        .filter(method -> !on(method).isEmpty())
        .toList();
  }

  private static Optional<EventAnnotation> of(AnnotationMirror mirror) {
    return Event.of((TypeElement) mirror.getAnnotationType().asElement())
        .map(event -> new EventAnnotation(event, mirror));
  }
}

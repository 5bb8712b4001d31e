package dev.fitkit.processor;

import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * The problems found in one handler class. Validation records every problem and keeps going, so one
 * compilation shows them all; only a clean report lets the class be generated.
 */
final class ValidationReport {
  /** One problem; the annotation and value, when present, make the caret point at them. */
  private record Problem(
      Message message,
      String text,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value) {}

  private final List<Problem> problems = new ArrayList<>();

  void atElement(Message message, Element element, Object... args) {
    atValue(message, element, null, null, args);
  }

  void atAnnotation(Message message, Element element, AnnotationMirror annotation, Object... args) {
    atValue(message, element, annotation, null, args);
  }

  void atValue(
      Message message,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value,
      Object... args) {
    problems.add(new Problem(message, message.format(args), element, annotation, value));
  }

  boolean isClean() {
    return problems.isEmpty();
  }

  void printTo(Messager messager) {
    for (Problem p : problems) {
      messager.printMessage(p.message().kind(), p.text(), p.element(), p.annotation(), p.value());
    }
  }
}

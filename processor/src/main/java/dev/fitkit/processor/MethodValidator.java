package dev.fitkit.processor;

import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.STATIC;

import java.util.List;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks one event method: first what holds for the method as a whole, then what each of its event
 * annotations asks of its parameter and return type.
 */
final class MethodValidator {
  private static final String FIT_EVENT = "dev.fitkit.event.FitEvent";

  private final Elements elements;
  private final Types types;
  private final List<TypeMirror> uncheckedExceptions;

  MethodValidator(ProcessingEnvironment env) {
    this.elements = env.getElementUtils();
    this.types = env.getTypeUtils();
    this.uncheckedExceptions =
        List.of(typeOf("java.lang.RuntimeException"), typeOf("java.lang.Error"));
  }

  void check(ExecutableElement method, ValidationReport report) {
    String name = method.getSimpleName().toString();
    if (method.getModifiers().contains(PRIVATE)) {
      report.atElement(Message.PRIVATE_METHOD, method, name);
    }
    if (method.getModifiers().contains(STATIC)) {
      report.atElement(Message.STATIC_METHOD, method, name);
    }
    if (!method.getTypeParameters().isEmpty()) {
      report.atElement(Message.GENERIC_METHOD, method, name);
    }
    for (TypeMirror thrown : method.getThrownTypes()) {
      if (uncheckedExceptions.stream().noneMatch(unchecked -> types.isSubtype(thrown, unchecked))) {
        report.atElement(Message.CHECKED_EXCEPTION, method, name, thrown);
      }
    }
    for (EventAnnotation annotation : EventAnnotation.on(method)) {
      checkParameters(method, annotation, report);
      checkReturn(method, annotation, report);
    }
  }

  private void checkParameters(
      ExecutableElement method, EventAnnotation annotation, ValidationReport report) {
    Event event = annotation.event();
    if (!hasIntPriority(annotation.mirror())) {
      report.atAnnotation(
          Message.NO_PRIORITY_MEMBER, method, annotation.mirror(), event.annotationLabel());
    }
    TypeElement eventType = elements.getTypeElement(event.eventTypeName());
    if (eventType == null) {
      report.atAnnotation(
          Message.EVENT_TYPE_MISSING,
          method,
          annotation.mirror(),
          event.eventTypeName(),
          event.annotationLabel());
      return;
    }
    TypeElement fitEvent = elements.getTypeElement(FIT_EVENT);
    if (fitEvent != null && !types.isSubtype(eventType.asType(), fitEvent.asType())) {
      report.atAnnotation(
          Message.NOT_A_FIT_EVENT,
          method,
          annotation.mirror(),
          event.annotationLabel(),
          event.eventTypeName());
      return;
    }
    List<? extends VariableElement> parameters = method.getParameters();
    if (parameters.size() > 1) {
      report.atAnnotation(
          Message.TOO_MANY_PARAMETERS,
          method,
          annotation.mirror(),
          event.annotationLabel(),
          method.getSimpleName(),
          parameters.size(),
          event.eventTypeName());
    } else if (parameters.size() == 1
        && !types.isAssignable(eventType.asType(), parameters.get(0).asType())) {
      report.atAnnotation(
          Message.WRONG_PARAMETER,
          method,
          annotation.mirror(),
          event.annotationLabel(),
          event.eventTypeName(),
          method.getSimpleName(),
          parameters.get(0).asType(),
          event.eventTypeName());
    }
  }

  /** The processor reads {@code priority()}; an annotation without one cannot be ordered. */
  private static boolean hasIntPriority(AnnotationMirror mirror) {
    return ElementFilter.methodsIn(mirror.getAnnotationType().asElement().getEnclosedElements())
        .stream()
        .anyMatch(
            m ->
                m.getSimpleName().contentEquals("priority")
                    && m.getReturnType().getKind() == TypeKind.INT);
  }

  private void checkReturn(
      ExecutableElement method, EventAnnotation annotation, ValidationReport report) {
    Event event = annotation.event();
    TypeMirror returned = method.getReturnType();
    boolean primitive = returned.getKind() == TypeKind.BOOLEAN;
    boolean boxed = types.isSameType(returned, typeOf("java.lang.Boolean"));
    if (returned.getKind() == TypeKind.VOID || (primitive && event.mayStop())) {
      return;
    }
    if ((primitive || boxed) && !event.mayStop()) {
      report.atAnnotation(
          Message.BOOLEAN_NOT_ALLOWED,
          method,
          annotation.mirror(),
          event.annotationLabel(),
          method.getSimpleName(),
          returned);
    } else if (boxed) {
      report.atAnnotation(
          Message.BOXED_BOOLEAN,
          method,
          annotation.mirror(),
          event.annotationLabel(),
          method.getSimpleName());
    } else {
      String allowed =
          event.mayStop() ? "void, or boolean where true asks training to stop" : "void";
      report.atAnnotation(
          Message.WRONG_RETURN,
          method,
          annotation.mirror(),
          event.annotationLabel(),
          method.getSimpleName(),
          returned,
          allowed);
    }
  }

  private TypeMirror typeOf(String qualifiedName) {
    return elements.getTypeElement(qualifiedName).asType();
  }
}

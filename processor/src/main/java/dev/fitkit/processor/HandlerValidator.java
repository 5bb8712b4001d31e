package dev.fitkit.processor;

import static javax.lang.model.element.Modifier.ABSTRACT;
import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.STATIC;

import java.util.Map;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/** Checks one handler class, its constructors and its event methods; returns one report for it. */
final class HandlerValidator {
  private static final Map<ElementKind, String> NOT_CLASS_KINDS =
      Map.of(
          ElementKind.INTERFACE, "an interface",
          ElementKind.ENUM, "an enum",
          ElementKind.ANNOTATION_TYPE, "an annotation type");

  private final Elements elements;
  private final ConstructorValidator constructors;
  private final MethodValidator methods;

  HandlerValidator(ProcessingEnvironment env) {
    this.elements = env.getElementUtils();
    this.constructors = new ConstructorValidator();
    this.methods = new MethodValidator(env);
  }

  ValidationReport validate(TypeElement type) {
    ValidationReport report = new ValidationReport();
    String name = HandlerTypes.displayName(elements, type);
    // Past these two, every further check would only repeat that the class cannot be a handler.
    if (NOT_CLASS_KINDS.containsKey(type.getKind())) {
      report.atElement(Message.NOT_A_CLASS, type, name, NOT_CLASS_KINDS.get(type.getKind()));
      return report;
    }
    if (HandlerTypes.isDeclaredInCode(type)) {
      report.atElement(Message.LOCAL_CLASS, type, name);
      return report;
    }
    checkClass(type, name, report);
    constructors.check(type, name, Annotations.autoLoad(elements, type), report);
    checkFitHandler(type, name, report);
    for (ExecutableElement method : EventAnnotation.methodsOf(type)) {
      methods.check(method, report);
    }
    return report;
  }

  private void checkClass(TypeElement type, String name, ValidationReport report) {
    if (type.getModifiers().contains(ABSTRACT)) {
      report.atElement(Message.ABSTRACT_CLASS, type, name);
    }
    if (type.getModifiers().contains(PRIVATE)) {
      report.atElement(Message.PRIVATE_CLASS, type, name);
    }
    if (type.getNestingKind() == NestingKind.MEMBER && !type.getModifiers().contains(STATIC)) {
      report.atElement(Message.INNER_CLASS, type, name, outerName(type));
    }
    for (Element outer = type.getEnclosingElement();
        outer instanceof TypeElement t;
        outer = outer.getEnclosingElement()) {
      if (t.getModifiers().contains(PRIVATE)) {
        String outerName = HandlerTypes.displayName(elements, t);
        report.atElement(Message.ENCLOSED_IN_PRIVATE, type, name, outerName, outerName);
      }
    }
    if (!type.getTypeParameters().isEmpty()) {
      report.atElement(Message.GENERIC_CLASS, type, name);
    }
  }

  private String outerName(TypeElement type) {
    return HandlerTypes.displayName(elements, (TypeElement) type.getEnclosingElement());
  }

  private void checkFitHandler(TypeElement type, String name, ValidationReport report) {
    Annotations.find(type, Annotations.FIT_HANDLER)
        .ifPresent(
            mirror -> {
              AnnotationValue id = Annotations.value(elements, mirror, "id");
              String text = (String) id.getValue();
              if (!text.isBlank() && text.chars().anyMatch(Character::isWhitespace)) {
                String suggestion = text.strip().replaceAll("\\s+", "-");
                report.atValue(Message.ID_WHITESPACE, type, mirror, id, text, suggestion);
              }
              if (EventAnnotation.methodsOf(type).isEmpty()) {
                report.atAnnotation(Message.NO_EVENT_METHODS, type, mirror, name);
              }
            });
  }
}

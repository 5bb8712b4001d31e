package dev.fitkit.processor;

import dev.fitkit.annotations.FitHandler;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Reads annotations through their mirrors, never through reflection proxies: mirrors resolve
 * constants such as {@code Priority.LOGGING} and give errors a position.
 */
final class Annotations {
  static final String FIT_HANDLER = FitHandler.class.getCanonicalName();

  /** The old {@code @Inject}: recognised only to be refused, as Guice 7 ignores it. */
  static final String JAVAX_INJECT = "javax.inject.Inject";

  /**
   * Every {@code @Inject} a handler constructor may carry; matched by name, so none is a
   * dependency.
   */
  static final Set<String> INJECT =
      Set.of("jakarta.inject.Inject", JAVAX_INJECT, "com.google.inject.Inject");

  private Annotations() {}

  static String name(AnnotationMirror mirror) {
    return ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().toString();
  }

  static Optional<AnnotationMirror> find(Element element, Set<String> qualifiedNames) {
    return element.getAnnotationMirrors().stream()
        .filter(mirror -> qualifiedNames.contains(name(mirror)))
        .map(mirror -> (AnnotationMirror) mirror)
        .findFirst();
  }

  static Optional<AnnotationMirror> find(Element element, String qualifiedName) {
    return find(element, Set.of(qualifiedName));
  }

  /** {@code @FitHandler(autoLoad)} of {@code type}; true without the annotation. */
  static boolean autoLoad(Elements elements, TypeElement type) {
    return find(type, FIT_HANDLER)
        .map(mirror -> (Boolean) value(elements, mirror, "autoLoad").getValue())
        .orElse(true);
  }

  /** The value of {@code member}, explicit or default. */
  static AnnotationValue value(Elements elements, AnnotationMirror mirror, String member) {
    return elements.getElementValuesWithDefaults(mirror).entrySet().stream()
        .filter(entry -> entry.getKey().getSimpleName().contentEquals(member))
        .map(entry -> (AnnotationValue) entry.getValue())
        .findFirst()
        .orElseThrow();
  }
}

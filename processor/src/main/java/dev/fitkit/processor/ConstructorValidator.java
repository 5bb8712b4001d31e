package dev.fitkit.processor;

import static javax.lang.model.element.Modifier.PRIVATE;

import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * Checks that the runtime can build the handler: with Guice through one {@code @Inject}
 * constructor, or through a no-argument constructor. Only auto-loaded handlers must be buildable;
 * the others may be built by their users alone, e.g. {@code new CheckpointHandler(folder)}.
 */
final class ConstructorValidator {

  void check(TypeElement type, String name, boolean autoLoad, ValidationReport report) {
    List<ExecutableElement> constructors = ElementFilter.constructorsIn(type.getEnclosedElements());
    List<ExecutableElement> injected =
        constructors.stream().filter(c -> inject(c).isPresent()).toList();
    for (ExecutableElement constructor : injected) {
      AnnotationMirror mirror = inject(constructor).orElseThrow();
      if (injected.size() > 1) {
        report.atAnnotation(Message.MULTIPLE_INJECT, constructor, mirror, name, injected.size());
      }
      if (constructor.getModifiers().contains(PRIVATE)) {
        report.atAnnotation(Message.PRIVATE_INJECT, constructor, mirror, name);
      }
      if (Annotations.name(mirror).equals(Annotations.JAVAX_INJECT)) {
        report.atAnnotation(Message.JAVAX_INJECT, constructor, mirror, name);
      }
    }
    if (autoLoad
        && injected.isEmpty()
        && constructors.stream()
            .noneMatch(c -> c.getParameters().isEmpty() && !c.getModifiers().contains(PRIVATE))) {
      report.atElement(Message.NO_CONSTRUCTOR, type, name);
    }
  }

  private static Optional<AnnotationMirror> inject(ExecutableElement constructor) {
    return Annotations.find(constructor, Annotations.INJECT);
  }
}

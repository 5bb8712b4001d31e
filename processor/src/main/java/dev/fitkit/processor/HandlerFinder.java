package dev.fitkit.processor;

import java.util.LinkedHashSet;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;

/**
 * Finds the handler classes of a round: each class that declares an event-annotated method or
 * carries {@code @FitHandler}, in source order, each once.
 */
final class HandlerFinder {
  private final LocalClassFinder localClasses;

  HandlerFinder(ProcessingEnvironment env) {
    this.localClasses = new LocalClassFinder(env);
  }

  Set<TypeElement> find(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    Set<TypeElement> handlers = new LinkedHashSet<>();
    TypeElement[] ours =
        annotations.stream()
            .filter(
                a ->
                    a.getQualifiedName().contentEquals(Annotations.FIT_HANDLER)
                        || Event.of(a).isPresent())
            .toArray(TypeElement[]::new);
    for (Element element :
        ours.length == 0 ? Set.<Element>of() : round.getElementsAnnotatedWithAny(ours)) {
      if (element.getKind() == ElementKind.METHOD) {
        handlers.add((TypeElement) element.getEnclosingElement());
      } else if (element instanceof TypeElement type) {
        handlers.add(type);
      }
    }
    handlers.addAll(localClasses.find(round));
    return handlers;
  }
}

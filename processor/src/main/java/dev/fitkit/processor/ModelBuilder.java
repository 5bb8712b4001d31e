package dev.fitkit.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/** Turns a validated handler class into its {@link HandlerModel}. */
final class ModelBuilder {
  private static final String BINDING_SUFFIX = "_HandlerBinding";

  private final Elements elements;

  ModelBuilder(Elements elements) {
    this.elements = elements;
  }

  HandlerModel build(TypeElement type) {
    ClassName handler = ClassName.get(type);
    ClassName binding =
        ClassName.get(
            handler.packageName(), String.join("_", handler.simpleNames()) + BINDING_SUFFIX);
    Optional<AnnotationMirror> fitHandler = Annotations.find(type, Annotations.FIT_HANDLER);
    String id =
        fitHandler
            .map(mirror -> (String) Annotations.value(elements, mirror, "id").getValue())
            .filter(value -> !value.isBlank())
            .orElse(elements.getBinaryName(type).toString());
    boolean autoLoad = Annotations.autoLoad(elements, type);
    List<ListenerMethod> listeners = new ArrayList<>();
    for (ExecutableElement method : EventAnnotation.methodsOf(type)) {
      for (EventAnnotation annotation : EventAnnotation.on(method)) {
        listeners.add(listener(type, method, annotation));
      }
    }
    return new HandlerModel(type, handler, binding, id, autoLoad, listeners);
  }

  private ListenerMethod listener(
      TypeElement type, ExecutableElement method, EventAnnotation annotation) {
    boolean takesEvent = !method.getParameters().isEmpty();
    Optional<TypeName> cast =
        takesEvent && isOverloaded(type, method)
            ? Optional.of(TypeName.get(method.getParameters().get(0).asType()))
            : Optional.empty();
    int priority =
        (Integer) Annotations.value(elements, annotation.mirror(), "priority").getValue();
    TypeMirror returned = method.getReturnType();
    return new ListenerMethod(
        annotation.event(),
        priority,
        method.getSimpleName().toString(),
        takesEvent,
        returned.getKind() == TypeKind.BOOLEAN,
        cast);
  }

  /** Whether another one-parameter method of that name could capture the call {@code m(event)}. */
  private boolean isOverloaded(TypeElement type, ExecutableElement method) {
    return ElementFilter.methodsIn(elements.getAllMembers(type)).stream()
        .anyMatch(
            other ->
                !other.equals(method)
                    && other.getSimpleName().contentEquals(method.getSimpleName())
                    && other.getParameters().size() == 1);
  }
}

package dev.fitkit.processor;

import com.palantir.javapoet.ClassName;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * What the binding of one valid handler class contains.
 *
 * @param element the handler class, the originating element of the generated file
 * @param handler the handler class as JavaPoet names it
 * @param binding the generated class: {@code Outer_Inner_HandlerBinding} in the handler's package
 * @param id {@code @FitHandler(id)} when not blank, else the handler's binary name
 * @param autoLoad {@code @FitHandler(autoLoad)}, true without the annotation
 * @param listeners in source order; a method with several event annotations has one per annotation
 */
record HandlerModel(
    TypeElement element,
    ClassName handler,
    ClassName binding,
    String id,
    boolean autoLoad,
    List<ListenerMethod> listeners) {

  HandlerModel {
    listeners = List.copyOf(listeners);
  }
}

package dev.fitkit.processor;

import com.palantir.javapoet.TypeName;
import java.util.Optional;

/**
 * One {@code registry.add(..)} call of a binding: a handler method bound to one event.
 *
 * @param argumentCast the parameter type to cast the event to, when the method name is overloaded,
 *     so that the call picks the annotated method and not a more specific overload
 */
record ListenerMethod(
    Event event,
    int priority,
    String methodName,
    boolean takesEvent,
    boolean returnsBoolean,
    Optional<TypeName> argumentCast) {}

package dev.fitkit.processor;

import static javax.tools.Diagnostic.Kind.ERROR;

import javax.tools.Diagnostic;

/** Every message of the processor, with its kind; each says how to fix the problem. */
enum Message {
  PRIVATE_METHOD(
      ERROR,
      "Handler method %s() must not be private: make it package-private or public, so the"
          + " generated binding can call it"),
  STATIC_METHOD(
      ERROR,
      "Handler method %s() must not be static: handler methods run on the instance the runtime"
          + " builds; remove static"),
  GENERIC_METHOD(
      ERROR,
      "Handler method %s() must not declare type parameters: remove them, and take the event,"
          + " a supertype of it, or no parameter"),
  CHECKED_EXCEPTION(
      ERROR,
      "Handler method %s() must not throw checked exception %s: handle it in the method, or"
          + " rethrow it wrapped in an unchecked exception"),
  TOO_MANY_PARAMETERS(
      ERROR, "%s method %s() takes %d parameters: take no parameter, or one parameter of type %s"),
  WRONG_PARAMETER(
      ERROR,
      "%s supplies %s, which cannot be passed to %s() as %s: declare the parameter as %s (or a"
          + " supertype of it), or remove it"),
  EVENT_TYPE_MISSING(
      ERROR,
      "%s, the event of %s, is not on the classpath: add the jar that declares it as a dependency"
          + " (dev.fitkit:fitkit-runtime for fitkit's own events)"),
  NOT_A_FIT_EVENT(
      ERROR,
      "%s declares the event %s, which does not extend dev.fitkit.event.FitEvent: make the event"
          + " class extend it, so the loop can fire it"),
  NO_PRIORITY_MEMBER(
      ERROR,
      "%s has no int priority() member, which orders its handler methods: add `int priority()"
          + " default Priority.DEFAULT;` to the annotation"),
  BOOLEAN_NOT_ALLOWED(
      ERROR,
      "%s method %s() returns %s, but its event does not let a return value stop training (only"
          + " events declared @HandlerEvent(mayStop = true) do, such as @OnEpochEnd and"
          + " @OnBatchEnd); make it void and call event.requestStop(reason)"),
  BOXED_BOOLEAN(
      ERROR,
      "%s method %s() returns Boolean: return primitive boolean instead (true asks training to"
          + " stop)"),
  WRONG_RETURN(ERROR, "%s method %s() returns %s: return %s"),
  NOT_A_CLASS(
      ERROR,
      "Handler %s is %s, but a handler must be a class the runtime can instantiate: move the"
          + " annotated methods into a class"),
  LOCAL_CLASS(
      ERROR,
      "Handler class %s is declared inside a method or initializer (a local or anonymous class),"
          + " which the runtime cannot build: make it a top-level class or a static nested class"),
  ABSTRACT_CLASS(
      ERROR,
      "Handler class %s must not be abstract: the runtime builds an instance of it; make it"
          + " concrete"),
  PRIVATE_CLASS(
      ERROR,
      "Handler class %s must not be private: make it package-private or public, so the"
          + " generated binding can use it"),
  INNER_CLASS(
      ERROR,
      "Handler class %s is an inner class, which cannot be built without an instance of %s."
          + " Did you mean to make the class static?"),
  ENCLOSED_IN_PRIVATE(
      ERROR,
      "Handler class %s is nested inside private class %s: make %s package-private or public"),
  GENERIC_CLASS(
      ERROR,
      "Handler class %s must not declare type parameters: the runtime builds it without type"
          + " arguments; remove them"),
  NO_CONSTRUCTOR(
      ERROR,
      "Handler class %s is auto-loaded, so the runtime builds it, but it has no usable"
          + " constructor: add a non-private constructor without parameters, annotate one"
          + " constructor with @Inject, or mark the class @FitHandler(autoLoad = false) and pass"
          + " instances to the estimator"),
  MULTIPLE_INJECT(
      ERROR, "Handler class %s has %d @Inject constructors: keep @Inject on exactly one"),
  PRIVATE_INJECT(
      ERROR,
      "The @Inject constructor of %s must not be private: make it package-private or public"),
  JAVAX_INJECT(
      ERROR,
      "The constructor of %s carries javax.inject.Inject, which Guice 7 (the runtime's injector)"
          + " ignores, so the handler could not be built: import jakarta.inject.Inject (or"
          + " com.google.inject.Inject) instead"),
  NO_EVENT_METHODS(
      ERROR,
      "@FitHandler class %s has no event methods: annotate a method with an event annotation"
          + " such as @OnEpochEnd, or remove @FitHandler"),
  ID_WHITESPACE(
      ERROR,
      "@FitHandler id \"%s\" contains whitespace: use an id without whitespace, such as \"%s\""),
  WRITE_FAILED(ERROR, "Could not write %s: %s"),
  UNEXPECTED_ERROR(
      ERROR,
      "The fitkit processor failed unexpectedly on %s; please report this with the stack"
          + " trace:%n%s");

  private final Diagnostic.Kind kind;
  private final String format;

  Message(Diagnostic.Kind kind, String format) {
    this.kind = kind;
    this.format = format;
  }

  Diagnostic.Kind kind() {
    return kind;
  }

  String format(Object... args) {
    return String.format(format, args);
  }
}

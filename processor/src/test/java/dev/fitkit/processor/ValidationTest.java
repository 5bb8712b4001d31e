package dev.fitkit.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fitkit.processor.Sources.compile;
import static dev.fitkit.processor.Sources.error;
import static dev.fitkit.processor.Sources.handler;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Each mistake in a handler class is one compile error, with a fix, at the right place. */
class ValidationTest {

  @Test
  void privateMethod() {
    JavaFileObject source = error("PrivateMethod");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "Handler method hidden() must not be private: make it package-private or public")
        .inFile(source)
        .onLineContaining("private void hidden()");
  }

  @Test
  void staticMethod() {
    JavaFileObject source = error("StaticMethod");
    assertThat(compile(source))
        .hadErrorContaining(
            "Handler method shared() must not be static: handler methods run on the instance the"
                + " runtime builds; remove static")
        .inFile(source)
        .onLineContaining("static void shared()");
  }

  @Test
  void genericMethod() {
    JavaFileObject source = error("GenericMethod");
    assertThat(compile(source))
        .hadErrorContaining(
            "Handler method generic() must not declare type parameters: remove them")
        .inFile(source)
        .onLineContaining("<T> void generic()");
  }

  @Test
  void checkedExceptionButNotUncheckedOnes() {
    JavaFileObject source = error("CheckedException");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "Handler method save() must not throw checked exception java.io.IOException: handle it"
                + " in the method, or rethrow it wrapped in an unchecked exception")
        .inFile(source)
        .onLineContaining("void save()");
  }

  @Test
  void tooManyParameters() {
    JavaFileObject source = error("TooManyParameters");
    assertThat(compile(source))
        .hadErrorContaining(
            "@OnEpochEnd method two() takes 2 parameters: take no parameter, or one parameter of"
                + " type dev.fitkit.event.EpochEnd")
        .inFile(source)
        .onLineContaining("@OnEpochEnd");
  }

  @Test
  void parameterTheEventCannotSupply() {
    JavaFileObject source = error("WrongParameter");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(
            "@OnEpochEnd supplies dev.fitkit.event.EpochEnd, which cannot be passed to metric() as"
                + " java.lang.String: declare the parameter as dev.fitkit.event.EpochEnd (or a"
                + " supertype of it), or remove it")
        .inFile(source)
        .onLine(8);
    // The method's first annotation is satisfied; the caret points at the second.
    assertThat(compilation)
        .hadErrorContaining("@OnTrainBegin supplies dev.fitkit.event.TrainBegin")
        .inFile(source)
        .onLineContaining("@OnTrainBegin");
  }

  @Test
  void eventTypesMissingFromTheClasspath() {
    JavaFileObject source = error("MissingRuntime");
    assertThat(Sources.compiler().compile(source))
        .hadErrorContaining(
            "dev.fitkit.event.EpochEnd, the event of @OnEpochEnd, is not on the classpath: add the"
                + " jar that declares it as a dependency (dev.fitkit:fitkit-runtime for fitkit's"
                + " own events)")
        .inFile(source)
        .onLineContaining("@OnEpochEnd");
  }

  @Test
  void aPackEventMustExtendFitEventAndItsAnnotationHavePriority() {
    JavaFileObject source = error("BadCustomEvents");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(
            "@OnPing declares the event com.example.BadCustomEvents.Ping, which does not extend"
                + " dev.fitkit.event.FitEvent: make the event class extend it, so the loop can"
                + " fire it")
        .inFile(source)
        .onLineContaining("  @OnPing");
    assertThat(compilation)
        .hadErrorContaining(
            "@OnUnordered has no int priority() member, which orders its handler methods: add `int"
                + " priority() default Priority.DEFAULT;` to the annotation")
        .inFile(source);
  }

  @Test
  void aPacksOwnEventIsBoundLikeABuiltInOne() {
    Compilation compilation = compile(handler("Uploads"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("com/example/Uploads_HandlerBinding")
        .contentsAsUtf8String()
        .contains(
            "registry.add(Uploads.Uploaded.class, 5, \"uploaded\", event ->"
                + " handler.uploaded(event));");
  }

  @Test
  void returnTypes() {
    JavaFileObject source = error("ReturnTypes");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(5);
    assertThat(compilation)
        .hadErrorContaining(
            "@OnTrainBegin method stopBeforeStart() returns boolean, but its event does not let a"
                + " return value stop training (only events declared @HandlerEvent(mayStop = true)"
                + " do, such as @OnEpochEnd and @OnBatchEnd); make it void and call"
                + " event.requestStop(reason)")
        .inFile(source)
        .onLineContaining("@OnTrainBegin");
    assertThat(compilation)
        .hadErrorContaining(
            "@OnTrainEnd method boxedWhereNotAllowed() returns java.lang.Boolean, but its event"
                + " does not let a return value stop training")
        .inFile(source)
        .onLineContaining("@OnTrainEnd");
    assertThat(compilation)
        .hadErrorContaining(
            "@OnEpochEnd method boxed() returns Boolean: return primitive boolean instead (true"
                + " asks training to stop)")
        .inFile(source)
        .onLineContaining("@OnEpochEnd");
    assertThat(compilation)
        .hadErrorContaining(
            "@OnBatchEnd method count() returns int: return void, or boolean where true asks"
                + " training to stop")
        .inFile(source)
        .onLineContaining("@OnBatchEnd");
    assertThat(compilation)
        .hadErrorContaining(
            "@OnValidationEnd method summary() returns java.lang.String: return void")
        .inFile(source)
        .onLineContaining("@OnValidationEnd");
  }

  @Test
  void interfacesEnumsAndAnnotationTypes() {
    JavaFileObject source = error("NotAClass");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(3);
    for (String[] kind :
        new String[][] {
          {"AnInterface", "an interface", "interface AnInterface"},
          {"AnEnum", "an enum", "enum AnEnum"},
          {"AnAnnotation", "an annotation type", "@interface AnAnnotation"}
        }) {
      assertThat(compilation)
          .hadErrorContaining(
              "Handler com.example.NotAClass."
                  + kind[0]
                  + " is "
                  + kind[1]
                  + ", but a handler must be a class the runtime can instantiate: move the"
                  + " annotated methods into a class")
          .inFile(source)
          .onLineContaining(kind[2]);
    }
  }

  @Test
  void localAndAnonymousClasses() {
    JavaFileObject source = error("LocalClass");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(3); // none for LocalClass itself, a valid handler
    String fix =
        " is declared inside a method or initializer (a local or anonymous class), which the"
            + " runtime cannot build: make it a top-level class or a static nested class";
    assertThat(compilation)
        .hadErrorContaining("Handler class com.example.LocalClass$1Local" + fix)
        .inFile(source)
        .onLineContaining("class Local {");
    assertThat(compilation)
        .hadErrorContaining("Handler class com.example.LocalClass$1" + fix)
        .inFile(source)
        .onLineContaining("new Object() {");
    assertThat(compilation)
        .hadErrorContaining("Handler class com.example.LocalClass$1InLambda$NestedInLocal" + fix)
        .inFile(source)
        .onLineContaining("static class NestedInLocal");
  }

  @Test
  void abstractClass() {
    JavaFileObject source = error("AbstractClass");
    assertThat(compile(source))
        .hadErrorContaining(
            "Handler class com.example.AbstractClass must not be abstract: the runtime builds an"
                + " instance of it; make it concrete")
        .inFile(source)
        .onLineContaining("abstract class AbstractClass");
  }

  @Test
  void privateClass() {
    JavaFileObject source = error("PrivateClass");
    assertThat(compile(source))
        .hadErrorContaining(
            "Handler class com.example.PrivateClass.Hidden must not be private: make it"
                + " package-private or public")
        .inFile(source)
        .onLineContaining("private static class Hidden");
  }

  @Test
  void innerClass() {
    JavaFileObject source = error("InnerClass");
    assertThat(compile(source))
        .hadErrorContaining(
            "Handler class com.example.InnerClass.Inner is an inner class, which cannot be built"
                + " without an instance of com.example.InnerClass. Did you mean to make the class"
                + " static?")
        .inFile(source)
        .onLineContaining("class Inner {");
  }

  @Test
  void classNestedInAPrivateClass() {
    JavaFileObject source = error("EnclosedInPrivate");
    assertThat(compile(source))
        .hadErrorContaining(
            "Handler class com.example.EnclosedInPrivate.Wrapper.Deep is nested inside private"
                + " class com.example.EnclosedInPrivate.Wrapper: make"
                + " com.example.EnclosedInPrivate.Wrapper package-private or public")
        .inFile(source)
        .onLineContaining("static class Deep");
  }

  @Test
  void genericClass() {
    JavaFileObject source = error("GenericClass");
    assertThat(compile(source))
        .hadErrorContaining(
            "Handler class com.example.GenericClass must not declare type parameters: the runtime"
                + " builds it without type arguments; remove them")
        .inFile(source)
        .onLineContaining("class GenericClass<T>");
  }

  @Test
  void noUsableConstructor() {
    JavaFileObject source = error("NoConstructor");
    assertThat(compile(source))
        .hadErrorContaining(
            "Handler class com.example.NoConstructor is auto-loaded, so the runtime builds it, but"
                + " it has no usable constructor: add a non-private constructor without parameters,"
                + " annotate one constructor with @Inject, or mark the class"
                + " @FitHandler(autoLoad = false) and pass instances to the estimator")
        .inFile(source)
        .onLineContaining("class NoConstructor");
  }

  @Test
  void handlersThatAreNotAutoLoadedMayNeedArguments() {
    assertThat(compile(handler("BuiltByItsUser"))).succeededWithoutWarnings();
  }

  @Test
  void twoInjectConstructors() {
    JavaFileObject source = error("MultipleInject");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(2);
    String message =
        "Handler class com.example.MultipleInject has 2 @Inject constructors: keep @Inject on"
            + " exactly one";
    assertThat(compilation).hadErrorContaining(message).inFile(source).onLineContaining("@jakarta");
    assertThat(compilation)
        .hadErrorContaining(message)
        .inFile(source)
        .onLineContaining("@com.google");
  }

  @Test
  void privateInjectConstructor() {
    JavaFileObject source = error("PrivateInject");
    assertThat(compile(source))
        .hadErrorContaining(
            "The @Inject constructor of com.example.PrivateInject must not be private: make it"
                + " package-private or public")
        .inFile(source)
        .onLineContaining("@Inject");
  }

  @Test
  void javaxInjectIsRefusedNamingTheOneToImport() {
    JavaFileObject source = error("JavaxInject");
    assertThat(compile(source))
        .hadErrorContaining(
            "The constructor of com.example.JavaxInject carries javax.inject.Inject, which Guice 7"
                + " (the runtime's injector) ignores, so the handler could not be built: import"
                + " jakarta.inject.Inject (or com.google.inject.Inject) instead")
        .inFile(source)
        .onLineContaining("@Inject");
  }

  @Test
  void fitHandlerWithoutEventMethods() {
    JavaFileObject source = error("FitHandlerWithoutMethods");
    assertThat(compile(source))
        .hadErrorContaining(
            "@FitHandler class com.example.FitHandlerWithoutMethods has no event methods: annotate"
                + " a method with an event annotation such as @OnEpochEnd, or remove @FitHandler")
        .inFile(source)
        .onLineContaining("@FitHandler");
  }

  @Test
  void idWithWhitespace() {
    JavaFileObject source = error("IdWithWhitespace");
    assertThat(compile(source))
        .hadErrorContaining(
            "@FitHandler id \"early stop\" contains whitespace: use an id without whitespace, such"
                + " as \"early-stop\"")
        .inFile(source)
        .onLineContaining("id = \"early stop\"");
  }
}

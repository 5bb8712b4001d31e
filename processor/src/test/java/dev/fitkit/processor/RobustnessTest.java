package dev.fitkit.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fitkit.processor.Sources.error;
import static dev.fitkit.processor.Sources.handler;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Failures inside the processor become compile errors on the class at hand, never a crash. */
class RobustnessTest {

  @Test
  void exceptionInAStepIsReportedAndOtherClassesGoOn() {
    JavaFileObject broken = handler("StopAtTarget");
    Compilation compilation =
        Sources.COMPILER
            .withProcessors(
                new HandlerProcessor(
                    model -> {
                      throw new IllegalStateException("renderer broke on " + model.id());
                    }))
            .compile(Sources.withStubs(broken, handler("Outer")));
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining(
            "The fitkit processor failed unexpectedly on com.example.StopAtTarget; please report"
                + " this with the stack trace:")
        .inFile(broken)
        .onLineContaining("public final class StopAtTarget");
    assertThat(compilation)
        .hadErrorContaining(
            "java.lang.IllegalStateException: renderer broke on com.example.StopAtTarget");
    assertThat(compilation)
        .hadErrorContaining("IllegalStateException: renderer broke on com.example.Outer$Inner");
  }

  @Test
  void twoHandlersWithOneBindingName() {
    JavaFileObject source = error("Clash");
    Compilation compilation = Sources.compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("Could not write com.example.Clash_Inner_HandlerBinding: ")
        .inFile(source)
        .onLineContaining("class Clash_Inner {");
  }
}

package dev.fitkit.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fitkit.processor.Sources.compile;
import static dev.fitkit.processor.Sources.golden;
import static dev.fitkit.processor.Sources.goldenText;
import static dev.fitkit.processor.Sources.handler;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The generated bindings: their exact source, and what they do when run. */
class GenerationTest {

  @Test
  void bindingOfAPlainHandler() {
    Compilation compilation = compile(handler("StopAtTarget"));
    assertThat(compilation).succeededWithoutWarnings();
    assertMatchesGolden(compilation, "StopAtTarget_HandlerBinding");
  }

  @Test
  void everyEventCallShapeAndFitHandlerOptions() {
    Compilation compilation = compile(handler("AllEvents"));
    assertThat(compilation).succeededWithoutWarnings();
    assertMatchesGolden(compilation, "AllEvents_HandlerBinding");
  }

  @Test
  void nestedHandlersAndBlankId() {
    Compilation compilation = compile(handler("Outer"));
    assertThat(compilation).succeededWithoutWarnings();
    assertMatchesGolden(compilation, "Outer_Inner_HandlerBinding");
    assertThat(compilation)
        .generatedSourceFile("com/example/Outer_Holder_Nested_HandlerBinding")
        .contentsAsUtf8String()
        .contains("return \"com.example.Outer$Holder$Nested\";");
  }

  @Test
  void generatedCodeIsIdenticalAcrossCompilations() {
    String first = source(compile(handler("AllEvents"), handler("Outer")));
    String second = source(compile(handler("Outer"), handler("AllEvents")));
    assertThat(second).isEqualTo(first);
  }

  @Test
  void bindingCallsTheHandlerMethods() throws Exception {
    Compilation compilation = compile(handler("Recorder"), handler("Driver"));
    assertThat(compilation).succeededWithoutWarnings();
    Class<?> driver = new CompiledClassLoader(compilation).loadClass("com.example.Driver");
    String result = (String) driver.getMethod("run").invoke(null);
    assertThat(result)
        .isEqualTo(
            String.join(
                "\n",
                "com.example.Recorder true",
                "TrainBegin 0 begin -> false",
                "EpochEnd 7 stop -> true",
                "BatchEnd 0 keepGoing -> false",
                "TrainEnd 0 end -> false",
                "begin(TrainBegin) stop(EpochEnd) keepGoing() end()"));
  }

  /** Same source as the golden file, and byte for byte the same text, so output stays stable. */
  private static void assertMatchesGolden(Compilation compilation, String binding) {
    String path = "com/example/" + binding;
    assertThat(compilation).generatedSourceFile(path).hasSourceEquivalentTo(golden(binding));
    assertThat(compilation)
        .generatedSourceFile(path)
        .contentsAsUtf8String()
        .isEqualTo(goldenText(binding));
  }

  private static String source(Compilation compilation) {
    return compilation.generatedSourceFiles().stream()
        .map(file -> file.toUri().getPath() + "\n" + content(file))
        .sorted()
        .reduce("", String::concat);
  }

  private static String content(JavaFileObject file) {
    try {
      return file.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

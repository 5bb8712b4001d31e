package dev.fitkit.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fitkit.processor.Sources.handler;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ServiceLoader registration: one sorted file over all rounds, merged with an earlier one. */
class ServiceFileTest {

  @Test
  void listsEveryBindingSortedByBinaryName() {
    Compilation compilation = Sources.compile(handler("StopAtTarget"), handler("Outer"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedFile(StandardLocation.CLASS_OUTPUT, ServiceFile.PATH)
        .contentsAsUtf8String()
        .isEqualTo(
            "com.example.Outer_Holder_Nested_HandlerBinding\n"
                + "com.example.Outer_Inner_HandlerBinding\n"
                + "com.example.StopAtTarget_HandlerBinding\n");
  }

  @Test
  void handlerInTheUnnamedPackage() {
    Compilation compilation = Sources.compile(handler("NoPackage"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("NoPackage_HandlerBinding");
    assertThat(compilation)
        .generatedFile(StandardLocation.CLASS_OUTPUT, ServiceFile.PATH)
        .contentsAsUtf8String()
        .isEqualTo("NoPackage_HandlerBinding\n");
  }

  @Test
  void handlerGeneratedInALaterRound() {
    Compilation compilation =
        Sources.COMPILER
            .withProcessors(new LateHandlerProcessor(), new HandlerProcessor())
            .compile(Sources.withStubs(handler("StopAtTarget")));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("com/example/Late_HandlerBinding")
        .contentsAsUtf8String()
        .contains("registry.add(EpochEnd.class, 0, \"late\", event -> {");
    assertThat(compilation)
        .generatedFile(StandardLocation.CLASS_OUTPUT, ServiceFile.PATH)
        .contentsAsUtf8String()
        .isEqualTo("com.example.Late_HandlerBinding\ncom.example.StopAtTarget_HandlerBinding\n");
  }

  @Test
  void mergesWithTheFileLeftInTheClassOutput(@TempDir Path out) throws IOException {
    Path services = out.resolve(ServiceFile.PATH);
    Files.createDirectories(services.getParent());
    Files.writeString(
        services,
        "# from an earlier build\n"
            + "com.other.Zeta_HandlerBinding\n"
            + "\n"
            + "com.example.StopAtTarget_HandlerBinding\n"
            + "com.other.Alpha_HandlerBinding  # with a comment\n",
        UTF_8);

    compileInto(out, handler("StopAtTarget"), handler("Outer"));

    assertThat(Files.readAllLines(services, UTF_8))
        .containsExactly(
            "com.example.Outer_Holder_Nested_HandlerBinding",
            "com.example.Outer_Inner_HandlerBinding",
            "com.example.StopAtTarget_HandlerBinding",
            "com.other.Alpha_HandlerBinding",
            "com.other.Zeta_HandlerBinding")
        .inOrder();
  }

  @Test
  void incrementalCompilationKeepsEarlierEntries(@TempDir Path out) throws IOException {
    compileInto(out, handler("StopAtTarget"));
    compileInto(out, handler("Outer"));

    assertThat(Files.readAllLines(out.resolve(ServiceFile.PATH), UTF_8))
        .containsExactly(
            "com.example.Outer_Holder_Nested_HandlerBinding",
            "com.example.Outer_Inner_HandlerBinding",
            "com.example.StopAtTarget_HandlerBinding")
        .inOrder();
  }

  @Test
  void leavesTheFileAloneWhenNothingIsNew(@TempDir Path out) throws IOException {
    Path services = out.resolve(ServiceFile.PATH);
    Files.createDirectories(services.getParent());
    String unsorted = "com.example.StopAtTarget_HandlerBinding\ncom.example.Aaa_HandlerBinding\n";
    Files.writeString(services, unsorted, UTF_8);

    compileInto(out, handler("StopAtTarget"));

    assertThat(Files.readString(services, UTF_8)).isEqualTo(unsorted);
  }

  /** Compiles with javac itself, into a real folder, as a build tool does. */
  private static void compileInto(Path out, JavaFileObject... sources) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, UTF_8)) {
      files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(out));
      JavaCompiler.CompilationTask task =
          javac.getTask(
              null, files, diagnostics, Sources.OPTIONS, null, Sources.withStubs(sources));
      task.setProcessors(List.of(new HandlerProcessor()));
      assertThat(task.call()).isTrue();
    }
    assertThat(diagnostics.getDiagnostics()).isEmpty();
  }
}

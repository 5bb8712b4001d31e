package dev.fitkit.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;

/** The shared compiler of the tests and the resource files they compile. */
final class Sources {
  /** As the project compiles: all lint but "no processor claimed these annotations". */
  static final List<String> OPTIONS = List.of("-Xlint:all,-processing");

  /** Without processors: javac initialises a processor once, so each compilation gets its own. */
  static final Compiler COMPILER = javac().withOptions(OPTIONS);

  private static final List<String> EVENTS =
      List.of(
          "FitEvent",
          "TrainBegin",
          "TrainEnd",
          "EpochBegin",
          "EpochEnd",
          "BatchBegin",
          "BatchEnd",
          "ValidationBegin",
          "ValidationBatchEnd",
          "ValidationEnd",
          "ValidationBatchBegin",
          "BeforeUpdate",
          "CheckpointSaved",
          "PredictBegin",
          "PredictBatchEnd",
          "PredictEnd");

  /**
   * What the generated code compiles against: the runtime's real SPI sources (they need only the
   * JDK) and copies of its event classes, which need DJL; the processor module cannot depend on the
   * runtime, which itself runs the processor. {@code ProcessorStubsTest} in the runtime checks the
   * copies against the real classes. The annotations and their event table ({@code @HandlerEvent})
   * are the real ones.
   */
  static final List<JavaFileObject> STUBS =
      Stream.concat(
              Stream.of("HandlerBinding", "Listener", "ListenerRegistry").map(Sources::runtimeSpi),
              Stream.of(
                      EVENTS.stream().map(name -> "stubs/dev/fitkit/event/" + name + ".java"),
                      Stream.of("jakarta", "javax", "com/google")
                          .map(owner -> "stubs/" + owner + "/inject/Inject.java"))
                  .flatMap(s -> s)
                  .map(JavaFileObjects::forResource))
          .toList();

  private Sources() {}

  private static JavaFileObject runtimeSpi(String name) {
    Path source =
        Path.of(System.getProperty("basedir", "."))
            .resolve("../runtime/src/main/java/dev/fitkit/spi/" + name + ".java");
    try {
      return JavaFileObjects.forSourceString(
          "dev.fitkit.spi." + name, Files.readString(source, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("the runtime's SPI source " + source, e);
    }
  }

  static JavaFileObject handler(String name) {
    return JavaFileObjects.forResource("handlers/" + name + ".java");
  }

  static JavaFileObject error(String name) {
    return JavaFileObjects.forResource("errors/" + name + ".java");
  }

  static JavaFileObject golden(String name) {
    return JavaFileObjects.forResource("golden/" + name + ".java");
  }

  static String goldenText(String name) {
    try (InputStream in =
        Sources.class.getClassLoader().getResourceAsStream("golden/" + name + ".java")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shared compiler with a fresh processor. */
  static Compiler compiler() {
    return COMPILER.withProcessors(new HandlerProcessor());
  }

  /** Compiles {@code sources} with the stubs. */
  static Compilation compile(JavaFileObject... sources) {
    return compiler().compile(withStubs(sources));
  }

  static List<JavaFileObject> withStubs(JavaFileObject... sources) {
    List<JavaFileObject> all = new ArrayList<>(STUBS);
    all.addAll(List.of(sources));
    return all;
  }
}

package dev.fitkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fitkit.event.FitEvent;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The processor's tests compile generated code against copies of the event classes (the processor
 * module cannot depend on the runtime). Each copy must stand for a real event class as the
 * generated code sees it: same name, an event, as final or abstract; and every event an annotation
 * names must have its copy.
 */
class ProcessorStubsTest {
  private static final Pattern HANDLER_EVENT =
      Pattern.compile("@HandlerEvent\\(\\s*(?:value\\s*=\\s*)?\"([^\"]+)\"");
  private static final Path STUBS =
      Path.of(System.getProperty("basedir", "."))
          .resolve("../processor/src/test/resources/stubs/dev/fitkit/event");

  @Test
  void everyEventCopyMatchesItsRuntimeClass() throws Exception {
    List<Path> copies = copies();
    assertFalse(copies.isEmpty(), "copies at " + STUBS);
    for (Path copy : copies) {
      String source = Files.readString(copy);
      String name = copy.getFileName().toString().replace(".java", "");
      Class<?> real = Class.forName("dev.fitkit.event." + name);
      assertTrue(FitEvent.class.isAssignableFrom(real), name + " is an event");
      assertEquals(
          Modifier.isFinal(real.getModifiers()),
          source.contains("final class " + name),
          name + ": final in both or in neither");
      assertEquals(
          Modifier.isAbstract(real.getModifiers()),
          source.contains("abstract class " + name),
          name + ": abstract in both or in neither");
    }
  }

  @Test
  void everyEventAnAnnotationNamesHasACopy() throws Exception {
    List<String> copied =
        copies().stream().map(p -> p.getFileName().toString().replace(".java", "")).toList();
    List<Path> annotations = annotations();
    assertFalse(annotations.isEmpty());
    for (Path annotation : annotations) {
      // @HandlerEvent is kept in class files only, for the processor: read it from the source.
      Matcher event = HANDLER_EVENT.matcher(Files.readString(annotation));
      assertTrue(event.find(), annotation + " declares its event");
      String simple = event.group(1).substring(event.group(1).lastIndexOf('.') + 1);
      assertTrue(copied.contains(simple), annotation + " needs a copy of " + event.group(1));
      Class.forName(event.group(1));
    }
  }

  private static List<Path> copies() throws IOException {
    try (Stream<Path> files = Files.list(STUBS)) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }

  private static List<Path> annotations() throws IOException {
    Path folder =
        Path.of(System.getProperty("basedir", "."))
            .resolve("../annotations/src/main/java/dev/fitkit/annotations");
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> p.getFileName().toString().startsWith("On")).sorted().toList();
    }
  }
}

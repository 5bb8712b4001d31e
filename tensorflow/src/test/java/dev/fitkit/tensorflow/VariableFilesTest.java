package dev.fitkit.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packing of a graph's variable files, with a stand-in for the graph's save and restore
 * signatures, and each way the disk or the bytes can fail it.
 */
class VariableFilesTest {
  @TempDir Path work;

  /** A save that writes TensorFlow's two files under the prefix; a restore that reads them. */
  private static BiConsumer<String, String> files(List<String> restored) {
    return (signature, prefix) -> {
      try {
        if (signature.equals(TrainableGraph.SAVE)) {
          Files.writeString(Path.of(prefix + ".index"), "index");
          Files.writeString(Path.of(prefix + ".data-00000-of-00001"), "data");
        } else {
          restored.add(Files.readString(Path.of(prefix + ".index")));
          restored.add(Files.readString(Path.of(prefix + ".data-00000-of-00001")));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  @Test
  void whatSaveWritesRestoreGetsBackAndNoTemporaryFolderIsLeft() throws IOException {
    List<String> restored = new ArrayList<>();
    VariableFiles variables = new VariableFiles(files(restored), work);
    byte[] saved = variables.save();
    variables.restore(saved);
    assertEquals(List.of("index", "data"), restored);
    try (var left = Files.list(work)) {
      assertEquals(List.of(), left.toList());
    }
  }

  @Test
  void aFolderThatCannotBeMadeIsAnErrorSayingWhat() throws IOException {
    Path notAFolder = Files.writeString(work.resolve("file"), "x");
    VariableFiles variables = new VariableFiles(files(new ArrayList<>()), notAFolder);
    UncheckedIOException e = assertThrows(UncheckedIOException.class, variables::save);
    assertTrue(
        e.getMessage().startsWith("Cannot make a temporary folder for the variables: "),
        e.getMessage());
  }

  @Test
  void aSavedFileThatCannotBeReadIsAnErrorSayingWhat() {
    // The save leaves a folder where a file should be, as a disk that lost it would read.
    VariableFiles variables =
        new VariableFiles(
            (signature, prefix) -> {
              try {
                Files.createDirectories(Path.of(prefix + ".index"));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            work);
    UncheckedIOException e = assertThrows(UncheckedIOException.class, variables::save);
    assertTrue(
        e.getMessage().startsWith("Cannot read the graph's saved variables: "), e.getMessage());
  }

  @Test
  void bytesThatEndEarlyOrCannotBeWrittenAreErrorsSayingWhich() throws IOException {
    VariableFiles variables = new VariableFiles(files(new ArrayList<>()), work);
    byte[] headerOnly = packed(out -> {});
    IllegalArgumentException truncated =
        assertThrows(IllegalArgumentException.class, () -> variables.restore(headerOnly));
    assertTrue(
        truncated.getMessage().startsWith("The saved variables are truncated or corrupt: "),
        truncated.getMessage());
    // A name longer than the file system allows: the write to the temporary folder fails.
    byte[] longName =
        packed(
            out -> {
              out.writeUTF("v".repeat(300));
              out.writeInt(1);
              out.write(0);
            });
    UncheckedIOException unwritable =
        assertThrows(UncheckedIOException.class, () -> variables.restore(longName));
    assertTrue(
        unwritable
            .getMessage()
            .startsWith("Cannot write the saved variables to the temporary folder "),
        unwritable.getMessage());
    try (var left = Files.list(work)) {
      assertArrayEquals(new Object[0], left.toArray(), "the temporary folders were deleted");
    }
  }

  private interface Entries {
    void write(DataOutputStream out) throws IOException;
  }

  /** The format's header announcing one file, then {@code entries}. */
  private static byte[] packed(Entries entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(0x7446_7631);
      out.writeInt(1);
      entries.write(out);
    }
    return bytes.toByteArray();
  }
}

package dev.fitkit.tensorflow;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * A graph's variables as one byte array, for fitkit's checkpoints (which write it atomically with
 * the run's state): the graph's {@code save} signature writes TensorFlow's checkpoint files (an
 * index and a data shard) under a path prefix in a temporary folder, and their bytes are packed;
 * {@code restore} reads such files back.
 */
final class VariableFiles {
  private static final int FORMAT = 0x7446_7631; // "tFv1"
  private static final String PREFIX = "variables";

  private final BiConsumer<String, String> runPrefix;
  private final Path temporaryRoot;

  /**
   * @param runPrefix runs a signature ({@code save} or {@code restore}) on a path prefix
   */
  VariableFiles(BiConsumer<String, String> runPrefix) {
    this(runPrefix, null);
  }

  /**
   * @param temporaryRoot where the temporary folders go; null for the system's
   */
  VariableFiles(BiConsumer<String, String> runPrefix, Path temporaryRoot) {
    this.runPrefix = runPrefix;
    this.temporaryRoot = temporaryRoot;
  }

  byte[] save() {
    Path folder = temporaryFolder();
    try {
      runPrefix.accept(TrainableGraph.SAVE, folder.resolve(PREFIX).toString());
      List<Path> files;
      try (Stream<Path> listed = Files.list(folder)) {
        files = listed.sorted().toList();
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeInt(FORMAT);
        out.writeInt(files.size());
        for (Path file : files) {
          byte[] content = Files.readAllBytes(file);
          out.writeUTF(file.getFileName().toString());
          out.writeInt(content.length);
          out.write(content);
        }
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the graph's saved variables: " + e, e);
    } finally {
      FileTrees.deleteQuietly(folder);
    }
  }

  /**
   * @throws IllegalArgumentException when {@code saved} is not variables of this graph
   */
  void restore(byte[] saved) {
    Path folder = temporaryFolder();
    try {
      unpack(saved, folder);
      try {
        runPrefix.accept(TrainableGraph.RESTORE, folder.resolve(PREFIX).toString());
      } catch (TensorFlowException | TFInvalidArgumentException e) {
        // The files were just written whole: TensorFlow refusing them means they do not fit.
        throw new IllegalArgumentException(
            "TensorFlow cannot restore the saved variables into this graph: " + e.getMessage(), e);
      }
    } finally {
      FileTrees.deleteQuietly(folder);
    }
  }

  private static void unpack(byte[] saved, Path folder) {
    Map<String, byte[]> files = read(saved);
    try {
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        Files.write(folder.resolve(file.getKey()), file.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write the saved variables to the temporary folder " + folder + ": " + e, e);
    }
  }

  private static Map<String, byte[]> read(byte[] saved) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved))) {
      if (in.readInt() != FORMAT) {
        throw new IllegalArgumentException(
            "The saved bytes are not a TensorFlow graph's variables (they may be a DJL network's"
                + " parameters)");
      }
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
          throw new IllegalArgumentException("The saved variables name a bad file: " + name);
        }
        int length = in.readInt();
        if (length < 0) {
          throw new IllegalArgumentException(
              "The saved variables are corrupt: " + name + " has " + length + " bytes");
        }
        byte[] content = in.readNBytes(length);
        if (content.length != length) {
          throw new IllegalArgumentException(
              "The saved variables are truncated: "
                  + name
                  + " has "
                  + content.length
                  + " of its "
                  + length
                  + " bytes");
        }
        files.put(name, content);
      }
    } catch (IOException e) { // reading an array fails only on bytes that end early or are bent
      throw new IllegalArgumentException("The saved variables are truncated or corrupt: " + e, e);
    }
    return files;
  }

  private Path temporaryFolder() {
    try {
      return temporaryRoot == null
          ? Files.createTempDirectory("fitkit-tf-variables")
          : Files.createTempDirectory(temporaryRoot, "fitkit-tf-variables");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot make a temporary folder for the variables: " + e, e);
    }
  }
}

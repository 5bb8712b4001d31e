package dev.fitkit.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;
import dev.fitkit.Budget;
import dev.fitkit.Estimator;
import dev.fitkit.FitResult;
import dev.fitkit.checkpoint.CheckpointFile;
import dev.fitkit.checkpoint.CheckpointStore;
import dev.fitkit.checkpoint.CorruptCheckpointException;
import dev.fitkit.handlers.CheckpointHandler;
import dev.fitkit.optimizer.Adam;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.LogCapture;
import dev.fitkit.testing.Nets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way the newest checkpoint can be damaged: each is refused with an error naming the file,
 * and resume falls back to the checkpoint before it.
 */
class CheckpointCorruptionTest {
  private static final String NEWEST = "checkpoint-epoch2batch12.ckpt";
  private static final String PREVIOUS = "checkpoint-epoch1batch6.ckpt";

  @TempDir static Path original;
  private static NDManager manager;

  @BeforeAll
  static void train() {
    manager = NDManager.newBaseManager();
    try (Estimator estimator = estimator().handlers(new CheckpointHandler(original)).build()) {
      estimator.fit(Blobs.dataset(manager, 96, 16, 1, true), null, 2);
    }
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  private static Estimator.Builder estimator() {
    return Estimator.builder()
        .block(Nets.mlp())
        .loss(Loss.softmaxCrossEntropyLoss())
        .optimizer(Adam.builder().build())
        .seed(1)
        .discoverHandlers(false);
  }

  @TestFactory
  List<DynamicTest> eachDamageIsRefusedAndResumeFallsBack(@TempDir Path work) throws IOException {
    Map<String, Consumer<Path>> damages = new LinkedHashMap<>();
    damages.put("truncated to half", file -> rewrite(file, b -> Arrays.copyOf(b, b.length / 2)));
    damages.put(
        "truncated by one byte", file -> rewrite(file, b -> Arrays.copyOf(b, b.length - 1)));
    damages.put("empty", file -> rewrite(file, b -> new byte[0]));
    damages.put("not a zip", file -> rewrite(file, b -> "no checkpoint".getBytes()));
    for (String entry : entries(original.resolve(NEWEST))) {
      damages.put("a byte flipped in " + entry, file -> flipInEntry(file, entry));
      damages.put(entry + " removed", file -> removeEntry(file, entry));
    }
    damages.put("an entry added", file -> addEntry(file, "extra.bin"));
    List<DynamicTest> tests = new ArrayList<>();
    damages.forEach(
        (name, damage) ->
            tests.add(
                DynamicTest.dynamicTest(
                    name, () -> refusedAndFallsBack(work.resolve(slug(name)), damage))));
    return tests;
  }

  private static void refusedAndFallsBack(Path folder, Consumer<Path> damage) throws Exception {
    copy(original, folder);
    Path newest = folder.resolve(NEWEST);
    damage.accept(newest);

    CorruptCheckpointException e =
        assertThrows(CorruptCheckpointException.class, () -> CheckpointFile.read(newest));
    assertTrue(e.getMessage().startsWith("Checkpoint " + newest + " is corrupt"), e.getMessage());

    try (LogCapture log = new LogCapture(CheckpointStore.class);
        Estimator estimator = estimator().build()) {
      FitResult result =
          estimator.resume(folder, Blobs.dataset(manager, 96, 16, 1, true), null, Budget.epochs(3));
      assertEquals(List.of("WARN " + e.getMessage()), log.lines().subList(0, 1));
      assertEquals(3, result.history().size());
      assertEquals(1, result.history().epochs().get(1).epoch(), "resumed after epoch 1");
    }
    assertEquals(PREVIOUS, CheckpointStore.newestValid(folder).file().getFileName().toString());
  }

  private static List<String> entries(Path zip) throws IOException {
    try (ZipFile file = new ZipFile(zip.toFile())) {
      return Collections.list(file.entries()).stream().map(ZipEntry::getName).toList();
    }
  }

  /** Flips a byte in the middle of an entry's stored data, found from its local header. */
  private static void flipInEntry(Path file, String entry) {
    rewrite(
        file,
        bytes -> {
          ByteBuffer zip = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
          for (int at = 0; at + 30 <= bytes.length; ) {
            if (zip.getInt(at) != 0x04034b50) {
              break;
            }
            int size = zip.getInt(at + 18);
            int nameLength = Short.toUnsignedInt(zip.getShort(at + 26));
            int extraLength = Short.toUnsignedInt(zip.getShort(at + 28));
            String name = new String(bytes, at + 30, nameLength);
            int data = at + 30 + nameLength + extraLength;
            if (name.equals(entry)) {
              byte[] flipped = bytes.clone();
              flipped[data + size / 2] ^= 0x10;
              return flipped;
            }
            at = data + size;
          }
          throw new AssertionError("no stored entry " + entry);
        });
  }

  private static void removeEntry(Path file, String removed) {
    rewriteEntries(file, entries -> entries.remove(removed));
  }

  private static void addEntry(Path file, String added) {
    rewriteEntries(file, entries -> entries.put(added, new byte[] {1, 2, 3}));
  }

  private static void rewriteEntries(Path file, Consumer<Map<String, byte[]>> change) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (ZipEntry entry : Collections.list(zip.entries())) {
        try (InputStream in = zip.getInputStream(entry)) {
          entries.put(entry.getName(), in.readAllBytes());
        }
      }
      change.accept(entries);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ZipOutputStream out = new ZipOutputStream(bytes)) {
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
          out.putNextEntry(new ZipEntry(entry.getKey()));
          out.write(entry.getValue());
          out.closeEntry();
        }
      }
      Files.write(file, bytes.toByteArray());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void rewrite(Path file, java.util.function.UnaryOperator<byte[]> change) {
    try {
      Files.write(file, change.apply(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private static String slug(String name) {
    return name.replaceAll("[^a-z0-9]+", "-");
  }
}

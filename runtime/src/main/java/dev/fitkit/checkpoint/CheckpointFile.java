package dev.fitkit.checkpoint;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * One checkpoint on disk: a zip holding {@code run.json}, {@code parameters.bin}, optionally {@code
 * optimizer.bin}, and last {@code manifest.json} with the SHA-256 of each. Written to a temporary
 * file that is then renamed over the target, so a crash while saving leaves the previous file as it
 * was; read back only when every digest matches.
 */
public final class CheckpointFile {
  static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();
  private static final String RUN = "run.json";
  private static final String PARAMETERS = "parameters.bin";
  private static final String OPTIMIZER = "optimizer.bin";
  private static final String MANIFEST = "manifest.json";

  private CheckpointFile() {}

  /** Writes {@code checkpoint} to {@code file} atomically. */
  public static void write(Path file, Checkpoint checkpoint) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put(RUN, GSON.toJson(checkpoint.run()).getBytes(StandardCharsets.UTF_8));
    entries.put(PARAMETERS, checkpoint.parameters());
    if (checkpoint.optimizer() != null) {
      entries.put(OPTIMIZER, checkpoint.optimizer());
    }
    Map<String, String> digests = new LinkedHashMap<>();
    entries.forEach((name, bytes) -> digests.put(name, sha256(bytes)));
    entries.put(MANIFEST, GSON.toJson(digests).getBytes(StandardCharsets.UTF_8));

    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(temporary);
          ZipOutputStream zip = new ZipOutputStream(out)) {
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
          zip.putNextEntry(new ZipEntry(entry.getKey()));
          zip.write(entry.getValue());
          zip.closeEntry();
        }
      }
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        channel.force(true); // on disk before the rename makes it the checkpoint
      }
      move(temporary, file);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not write checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads and verifies a checkpoint. */
  public static Checkpoint read(Path file) throws CorruptCheckpointException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (String name : new String[] {RUN, PARAMETERS, OPTIMIZER, MANIFEST}) {
        ZipEntry entry = zip.getEntry(name);
        if (entry != null) {
          try (InputStream in = zip.getInputStream(entry)) {
            entries.put(name, in.readAllBytes());
          }
        }
      }
    } catch (IOException e) {
      throw new CorruptCheckpointException(file, "not a readable zip: " + e.getMessage(), e);
    }
    verify(file, entries);
    try {
      RunState run =
          GSON.fromJson(new String(entries.get(RUN), StandardCharsets.UTF_8), RunState.class);
      if (run.format() != RunState.FORMAT) {
        throw new CorruptCheckpointException(
            file, "format " + run.format() + " is not " + RunState.FORMAT, null);
      }
      return new Checkpoint(run, entries.get(PARAMETERS), entries.get(OPTIMIZER));
    } catch (JsonParseException e) {
      throw new CorruptCheckpointException(file, "run.json does not parse: " + e.getMessage(), e);
    }
  }

  private static void verify(Path file, Map<String, byte[]> entries)
      throws CorruptCheckpointException {
    byte[] manifest = entries.remove(MANIFEST);
    if (manifest == null || !entries.containsKey(RUN) || !entries.containsKey(PARAMETERS)) {
      throw new CorruptCheckpointException(
          file,
          "entries missing: has "
              + entries.keySet()
              + (manifest == null ? "" : " and manifest.json"),
          null);
    }
    Map<?, ?> digests;
    try {
      digests = GSON.fromJson(new String(manifest, StandardCharsets.UTF_8), Map.class);
    } catch (JsonParseException e) {
      throw new CorruptCheckpointException(file, "manifest.json does not parse", e);
    }
    for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
      if (!sha256(entry.getValue()).equals(digests.get(entry.getKey()))) {
        throw new CorruptCheckpointException(
            file, entry.getKey() + " does not match its digest", null);
      }
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("The JVM has no SHA-256", e);
    }
  }
}

package dev.fitkit.checkpoint;

import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import java.io.BufferedOutputStream;
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
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * One checkpoint on disk: a zip holding {@code run.json}, {@code parameters.bin}, optionally {@code
 * optimizer.bin}, and last {@code manifest.json} with the SHA-256 of every other entry. Entries are
 * stored uncompressed (parameters barely compress, and big ones would cost seconds to deflate).
 *
 * <p>Written to {@code <name>.tmp}, forced to disk, renamed over the target, and the folder forced
 * too: a crash at any moment leaves either the previous file or the new one, whole. A failed write
 * removes its temporary file. A file is read back only when its entries are exactly those of its
 * manifest and every digest matches.
 */
public final class CheckpointFile {
  /** The suffix of a checkpoint being written. */
  public static final String TEMPORARY_SUFFIX = ".tmp";

  private static final String RUN = "run.json";
  private static final String PARAMETERS = "parameters.bin";
  private static final String OPTIMIZER = "optimizer.bin";
  private static final String MANIFEST = "manifest.json";
  // Fixed entry times: the same run state gives the same bytes.
  private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2020, 1, 1, 0, 0);

  private CheckpointFile() {}

  /** Writes {@code checkpoint} to {@code file} atomically. */
  public static void write(Path file, Checkpoint checkpoint) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put(RUN, Json.GSON.toJson(checkpoint.run()).getBytes(StandardCharsets.UTF_8));
    entries.put(PARAMETERS, checkpoint.parameters());
    if (checkpoint.optimizer() != null) {
      entries.put(OPTIMIZER, checkpoint.optimizer());
    }
    Map<String, String> digests = new LinkedHashMap<>();
    entries.forEach((name, bytes) -> digests.put(name, sha256(bytes)));
    entries.put(MANIFEST, Json.GSON.toJson(digests).getBytes(StandardCharsets.UTF_8));

    Path temporary = file.resolveSibling(file.getFileName() + TEMPORARY_SUFFIX);
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16);
          ZipOutputStream zip = new ZipOutputStream(out)) {
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
          zip.putNextEntry(stored(entry.getKey(), entry.getValue()));
          zip.write(entry.getValue());
          zip.closeEntry();
        }
      }
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        channel.force(true); // on disk before the rename makes it the checkpoint
      }
      move(temporary, file);
      forceFolder(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      UncheckedIOException failure =
          new UncheckedIOException(
              "Could not write checkpoint "
                  + file
                  + ": "
                  + e
                  + ". The previous checkpoints are untouched; free space or fix the folder's"
                  + " permissions, then resume from them.",
              e);
      deleteQuietly(temporary, failure);
      throw failure;
    } catch (RuntimeException | Error e) {
      deleteQuietly(temporary, e);
      throw e;
    }
  }

  /** Reads and verifies a checkpoint. */
  public static Checkpoint read(Path file) throws CorruptCheckpointException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (ZipEntry entry : Collections.list(zip.entries())) {
        try (InputStream in = zip.getInputStream(entry)) {
          if (entries.put(entry.getName(), in.readAllBytes()) != null) {
            throw new CorruptCheckpointException(file, entry.getName() + " appears twice", null);
          }
        }
      }
    } catch (IOException e) {
      throw new CorruptCheckpointException(file, "not a readable zip: " + e.getMessage(), e);
    }
    verify(file, entries);
    RunState run;
    try {
      run =
          Json.GSON.fromJson(new String(entries.get(RUN), StandardCharsets.UTF_8), RunState.class);
    } catch (JsonParseException e) {
      throw new CorruptCheckpointException(file, "run.json does not parse: " + e.getMessage(), e);
    }
    if (run == null) {
      throw new CorruptCheckpointException(file, "run.json is empty", null);
    }
    if (run.format() != RunState.FORMAT) {
      throw CorruptCheckpointException.otherFormat(file, run.format());
    }
    return new Checkpoint(run, entries.get(PARAMETERS), entries.get(OPTIMIZER));
  }

  /** The entries must be exactly those the manifest lists, plus the manifest, and match it. */
  private static void verify(Path file, Map<String, byte[]> entries)
      throws CorruptCheckpointException {
    byte[] manifest = entries.remove(MANIFEST);
    if (manifest == null) {
      throw new CorruptCheckpointException(
          file, "manifest.json is missing; entries: " + new TreeSet<>(entries.keySet()), null);
    }
    Map<String, String> digests;
    try {
      digests =
          Json.GSON.fromJson(
              new String(manifest, StandardCharsets.UTF_8),
              new TypeToken<Map<String, String>>() {}.getType());
    } catch (JsonParseException e) {
      throw new CorruptCheckpointException(file, "manifest.json does not parse", e);
    }
    if (digests == null || !digests.containsKey(RUN) || !digests.containsKey(PARAMETERS)) {
      throw new CorruptCheckpointException(
          file, "manifest.json does not list run.json and parameters.bin", null);
    }
    if (!digests.keySet().equals(entries.keySet())) {
      TreeSet<String> missing = new TreeSet<>(digests.keySet());
      missing.removeAll(entries.keySet());
      TreeSet<String> unexpected = new TreeSet<>(entries.keySet());
      unexpected.removeAll(digests.keySet());
      throw new CorruptCheckpointException(
          file,
          (missing.isEmpty() ? "" : "entries missing: " + missing)
              + (missing.isEmpty() || unexpected.isEmpty() ? "" : "; ")
              + (unexpected.isEmpty() ? "" : "entries not in the manifest: " + unexpected),
          null);
    }
    for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
      if (!sha256(entry.getValue()).equals(digests.get(entry.getKey()))) {
        throw new CorruptCheckpointException(
            file, entry.getKey() + " does not match its digest", null);
      }
    }
  }

  private static ZipEntry stored(String name, byte[] bytes) {
    ZipEntry entry = new ZipEntry(name);
    CRC32 crc = new CRC32();
    crc.update(bytes);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(bytes.length);
    entry.setCompressedSize(bytes.length);
    entry.setCrc(crc.getValue());
    entry.setTimeLocal(ENTRY_TIME);
    return entry;
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Makes the rename itself durable; file systems that cannot open a folder skip it. */
  private static void forceFolder(Path folder) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(folder, StandardOpenOption.READ);
    } catch (IOException | UnsupportedOperationException notSupported) {
      return;
    }
    try (channel) {
      channel.force(true);
    }
  }

  private static void deleteQuietly(Path temporary, Throwable failure) {
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException e) {
      failure.addSuppressed(e);
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

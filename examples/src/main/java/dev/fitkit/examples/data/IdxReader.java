package dev.fitkit.examples.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads unsigned-byte IDX files, the format of MNIST and Fashion-MNIST, plain or gzipped.
 *
 * <p>An IDX file is a big-endian magic number {@code 0x000008NN} (type 0x08 = unsigned byte, {@code
 * NN} dimensions), one big-endian int per dimension, then the values. Gzip is recognised by its
 * content, not by the file name, so a renamed file still reads.
 *
 * <p>Every failure is an {@link IOException} whose message starts with the file and says what was
 * expected and what was found.
 */
public final class IdxReader {

  /** Magic number of an image file: unsigned bytes, 3 dimensions (count, rows, cols). */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** Magic number of a label file: unsigned bytes, 1 dimension (count). */
  public static final int LABELS_MAGIC = 0x00000801;

  private static final int BUFFER_SIZE = 1 << 16;

  private IdxReader() {}

  /**
   * Reads an image file ({@link #IMAGES_MAGIC}).
   *
   * @param file the file, plain or gzipped
   * @return the images
   * @throws IOException if the file is missing, unreadable, not an image IDX file, or holds more or
   *     fewer pixels than its header promises
   */
  public static IdxImages readImages(Path file) throws IOException {
    try (InputStream in = open(file)) {
      int[] dims = readHeader(in, file, IMAGES_MAGIC);
      int count = dims[0];
      int rows = dims[1];
      int cols = dims[2];
      if (rows <= 0 || cols <= 0) {
        throw problem(file, "header gives images of %dx%d pixels; the file is corrupt", rows, cols);
      }
      String what = String.format(Locale.ROOT, "%d images of %dx%d pixels", count, rows, cols);
      byte[] pixels = readBody(in, file, (long) count * rows * cols, what);
      return new IdxImages(count, rows, cols, pixels);
    } catch (EOFException | ZipException e) {
      throw corruptGzip(file, e);
    }
  }

  /**
   * Reads a label file ({@link #LABELS_MAGIC}).
   *
   * @param file the file, plain or gzipped
   * @return the labels
   * @throws IOException if the file is missing, unreadable, not a label IDX file, or holds more or
   *     fewer labels than its header promises
   */
  public static IdxLabels readLabels(Path file) throws IOException {
    try (InputStream in = open(file)) {
      int count = readHeader(in, file, LABELS_MAGIC)[0];
      return new IdxLabels(readBody(in, file, count, count + " labels"));
    } catch (EOFException | ZipException e) {
      throw corruptGzip(file, e);
    }
  }

  private static InputStream open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such IDX file");
    }
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER_SIZE);
    raw.mark(2);
    boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
    raw.reset();
    return gzip ? new GZIPInputStream(raw, BUFFER_SIZE) : raw;
  }

  /** Reads magic and dimension sizes; returns the sizes. */
  private static int[] readHeader(InputStream in, Path file, int expectedMagic) throws IOException {
    int dimensions = expectedMagic & 0xFF;
    int headerBytes = 4 * (1 + dimensions);
    byte[] header = in.readNBytes(headerBytes);
    ByteBuffer buffer = ByteBuffer.wrap(header); // big-endian, as IDX is
    if (header.length >= 4 && buffer.getInt(0) != expectedMagic) {
      int magic = buffer.getInt(0);
      throw problem(
          file,
          "expected IDX magic 0x%08x (%s), found 0x%08x (%s)",
          expectedMagic,
          describe(expectedMagic),
          magic,
          describe(magic));
    }
    if (header.length < headerBytes) {
      throw problem(
          file,
          "truncated header: expected %d bytes (%s), found only %d",
          headerBytes,
          describe(expectedMagic),
          header.length);
    }
    int[] sizes = new int[dimensions];
    for (int i = 0; i < dimensions; i++) {
      sizes[i] = buffer.getInt(4 * (i + 1));
    }
    if (sizes[0] < 0) {
      throw problem(
          file, "header gives a negative record count (%d); the file is corrupt", sizes[0]);
    }
    return sizes;
  }

  /** Reads exactly {@code expected} bytes and checks that nothing follows them. */
  private static byte[] readBody(InputStream in, Path file, long expected, String what)
      throws IOException {
    if (expected > Integer.MAX_VALUE - 8) {
      throw problem(
          file,
          "header promises %s (%d bytes), more than one Java array holds; the file is corrupt",
          what,
          expected);
    }
    byte[] body = in.readNBytes((int) expected);
    if (body.length < expected) {
      throw problem(
          file,
          "truncated: header promises %s (%d bytes after the header), found only %d bytes."
              + " Download or reinstall the file.",
          what,
          expected,
          body.length);
    }
    long extra = in.transferTo(OutputStream.nullOutputStream());
    if (extra > 0) {
      throw problem(
          file,
          "header promises %s (%d bytes after the header), found %d bytes more;"
              + " the header does not match the data",
          what,
          expected,
          extra);
    }
    return body;
  }

  private static IOException corruptGzip(Path file, IOException cause) {
    IOException e =
        problem(
            file,
            "gzip data is truncated or corrupt (%s). Download or reinstall the file.",
            cause.getMessage());
    e.initCause(cause);
    return e;
  }

  /** An exception whose message starts with the file, as every message of this class does. */
  private static IOException problem(Path file, String format, Object... args) {
    return new IOException(file + ": " + String.format(Locale.ROOT, format, args));
  }

  private static String describe(int magic) {
    if ((magic & 0xFFFF0000) != 0) {
      return "not an IDX file";
    }
    if (magic == IMAGES_MAGIC) {
      return "unsigned-byte images, 3 dimensions";
    }
    if (magic == LABELS_MAGIC) {
      return "unsigned-byte labels, 1 dimension";
    }
    return String.format(
        Locale.ROOT, "IDX type 0x%02x with %d dimensions", (magic >> 8) & 0xFF, magic & 0xFF);
  }
}

package dev.fitkit.examples.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests. */
final class IdxFixtures {

  static final int SIDE = 28;

  private IdxFixtures() {}

  /** An IDX header: magic, then one big-endian int per size. */
  static byte[] header(int magic, int... sizes) {
    ByteBuffer buffer = ByteBuffer.allocate(4 * (1 + sizes.length)).putInt(magic);
    for (int size : sizes) {
      buffer.putInt(size);
    }
    return buffer.array();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  static byte[] imageFile(int count, int rows, int cols, byte[] pixels) {
    return concat(header(IdxReader.IMAGES_MAGIC, count, rows, cols), pixels);
  }

  static byte[] labelFile(byte... labels) {
    return concat(header(IdxReader.LABELS_MAGIC, labels.length), labels);
  }

  static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(content);
    }
    return bytes.toByteArray();
  }

  static Path write(Path file, byte[] content) throws IOException {
    return Files.write(file, content);
  }

  /**
   * 28x28 images where every pixel of image {@code i} is {@code i * 20 + 5}, so a batch shows which
   * records it holds; label {@code i % 10}.
   */
  static byte[] pixelsOf(int count) {
    byte[] pixels = new byte[count * SIDE * SIDE];
    for (int i = 0; i < count; i++) {
      Arrays.fill(pixels, i * SIDE * SIDE, (i + 1) * SIDE * SIDE, (byte) pixelValue(i));
    }
    return pixels;
  }

  static int pixelValue(int record) {
    return (record * 20 + 5) % 256;
  }

  static byte[] labelsOf(int count) {
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      labels[i] = (byte) (i % 10);
    }
    return labels;
  }

  /** Writes a gzipped Fashion-MNIST split ("train" or "t10k") of {@code count} records. */
  static void writeSplit(Path folder, String prefix, int count) throws IOException {
    write(
        folder.resolve(prefix + "-images-idx3-ubyte.gz"),
        gzip(imageFile(count, SIDE, SIDE, pixelsOf(count))));
    write(folder.resolve(prefix + "-labels-idx1-ubyte.gz"), gzip(labelFile(labelsOf(count))));
  }
}

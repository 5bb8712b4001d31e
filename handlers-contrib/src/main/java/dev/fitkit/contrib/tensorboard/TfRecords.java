package dev.fitkit.contrib.tensorboard;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32C;

/**
 * TFRecord framing (tensorflow/core/lib/io/record_writer.cc): the length as 8 little-endian bytes,
 * the masked CRC-32C of those bytes, the data, the masked CRC-32C of the data.
 */
public final class TfRecords {
  private static final int MASK_DELTA = 0xa282ead8;

  private TfRecords() {}

  public static void write(OutputStream out, byte[] data) throws IOException {
    byte[] length = littleEndian(data.length, 8);
    out.write(length);
    out.write(littleEndian(maskedCrc32c(length), 4));
    out.write(data);
    out.write(littleEndian(maskedCrc32c(data), 4));
  }

  /** The CRC-32C of {@code data}, rotated and offset as TensorFlow stores it. */
  public static int maskedCrc32c(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    int value = (int) crc.getValue();
    return ((value >>> 15) | (value << 17)) + MASK_DELTA;
  }

  private static byte[] littleEndian(long value, int bytes) {
    byte[] out = new byte[bytes];
    for (int i = 0; i < bytes; i++) {
      out[i] = (byte) (value >>> (8 * i));
    }
    return out;
  }
}

package dev.fitkit.examples.data;

import static dev.fitkit.examples.data.IdxFixtures.concat;
import static dev.fitkit.examples.data.IdxFixtures.gzip;
import static dev.fitkit.examples.data.IdxFixtures.header;
import static dev.fitkit.examples.data.IdxFixtures.imageFile;
import static dev.fitkit.examples.data.IdxFixtures.labelFile;
import static dev.fitkit.examples.data.IdxFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

  private static final byte[] PIXELS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, (byte) 255};

  @TempDir Path dir;

  @Test
  void readsPlainImages() throws IOException {
    Path file = write(dir.resolve("images"), imageFile(3, 2, 2, PIXELS));

    IdxImages images = IdxReader.readImages(file);

    assertEquals(3, images.count());
    assertEquals(2, images.rows());
    assertEquals(2, images.cols());
    assertEquals(4, images.imageSize());
    assertArrayEquals(PIXELS, images.pixels());
  }

  @Test
  void readsGzippedImagesWhateverTheFileName() throws IOException {
    byte[] gzipped = gzip(imageFile(3, 2, 2, PIXELS));

    assertArrayEquals(PIXELS, IdxReader.readImages(write(dir.resolve("a.gz"), gzipped)).pixels());
    assertArrayEquals(
        PIXELS, IdxReader.readImages(write(dir.resolve("no-suffix"), gzipped)).pixels());
  }

  @Test
  void readsLabelsAsUnsignedBytes() throws IOException {
    Path file = write(dir.resolve("labels.gz"), gzip(labelFile((byte) 9, (byte) 0, (byte) 200)));

    IdxLabels labels = IdxReader.readLabels(file);

    assertEquals(3, labels.count());
    assertEquals(9, labels.get(0));
    assertEquals(200, labels.get(2));
  }

  @Test
  void readsEmptyFiles() throws IOException {
    assertEquals(
        0,
        IdxReader.readImages(write(dir.resolve("i"), imageFile(0, 28, 28, new byte[0]))).count());
    assertEquals(0, IdxReader.readLabels(write(dir.resolve("l"), labelFile())).count());
  }

  @Test
  void labelFileReadAsImagesNamesBothMagics() throws IOException {
    Path file = write(dir.resolve("train-labels-idx1-ubyte"), labelFile((byte) 1, (byte) 2));

    IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(file));

    assertMessage(
        e,
        file.toString(),
        "expected IDX magic 0x00000803 (unsigned-byte images, 3 dimensions)",
        "found 0x00000801 (unsigned-byte labels, 1 dimension)");
  }

  @Test
  void imageFileReadAsLabelsNamesBothMagics() throws IOException {
    Path file = write(dir.resolve("images.gz"), gzip(imageFile(3, 2, 2, PIXELS)));

    IOException e = assertThrows(IOException.class, () -> IdxReader.readLabels(file));

    assertMessage(e, file.toString(), "expected IDX magic 0x00000801", "found 0x00000803");
  }

  @Test
  void otherIdxTypeIsDescribed() throws IOException {
    Path file = write(dir.resolve("floats"), concat(header(0x00000D02, 1, 1), new byte[4]));

    IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(file));

    assertMessage(e, file.toString(), "found 0x00000d02 (IDX type 0x0d with 2 dimensions)");
  }

  @Test
  void textFileIsNotAnIdxFile() throws IOException {
    Path file =
        write(
            dir.resolve("index.html"),
            "<html>Not Found</html>".getBytes(StandardCharsets.US_ASCII));

    IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(file));

    assertMessage(e, file.toString(), "expected IDX magic 0x00000803", "(not an IDX file)");
  }

  @Test
  void truncatedHeaderSaysHowManyBytes() throws IOException {
    byte[] cut = Arrays.copyOf(imageFile(3, 2, 2, PIXELS), 10);
    Path file = write(dir.resolve("cut-header"), cut);

    IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(file));

    assertMessage(e, file.toString(), "truncated header: expected 16 bytes", "found only 10");
  }

  @Test
  void emptyFileIsATruncatedHeader() throws IOException {
    Path file = write(dir.resolve("empty"), new byte[0]);

    IOException e = assertThrows(IOException.class, () -> IdxReader.readLabels(file));

    assertMessage(e, file.toString(), "truncated header: expected 8 bytes", "found only 0");
  }

  @Test
  void truncatedImagesSayWhatTheHeaderPromised() throws IOException {
    byte[] cut = Arrays.copyOf(imageFile(3, 2, 2, PIXELS), 16 + 10);
    Path file = write(dir.resolve("cut.gz"), gzip(cut));

    IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(file));

    assertMessage(
        e,
        file.toString(),
        "truncated",
        "header promises 3 images of 2x2 pixels (12 bytes after the header)",
        "found only 10 bytes");
  }

  @Test
  void truncatedLabelsSayWhatTheHeaderPromised() throws IOException {
    byte[] cut = Arrays.copyOf(labelFile(new byte[100]), 8 + 60);
    Path file = write(dir.resolve("labels"), cut);

    IOException e = assertThrows(IOException.class, () -> IdxReader.readLabels(file));

    assertMessage(
        e,
        file.toString(),
        "header promises 100 labels (100 bytes after the header)",
        "found only 60 bytes");
  }

  @Test
  void extraBytesAfterTheDataAreAnError() throws IOException {
    Path file = write(dir.resolve("long"), concat(labelFile((byte) 1, (byte) 2), new byte[5]));

    IOException e = assertThrows(IOException.class, () -> IdxReader.readLabels(file));

    assertMessage(
        e,
        file.toString(),
        "header promises 2 labels (2 bytes after the header)",
        "found 5 bytes more");
  }

  @Test
  void truncatedGzipStreamIsReported() throws IOException {
    byte[] gzipped = gzip(imageFile(3, 2, 2, PIXELS));
    Path file = write(dir.resolve("cut-gzip.gz"), Arrays.copyOf(gzipped, gzipped.length - 12));

    IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(file));

    assertMessage(e, file.toString(), "gzip data is truncated or corrupt");
  }

  @Test
  void gzipChecksumMismatchIsReported() throws IOException {
    byte[] gzipped = gzip(labelFile(new byte[50]));
    gzipped[gzipped.length - 8] ^= 0x55; // first byte of the CRC32 trailer
    Path file = write(dir.resolve("corrupt.gz"), gzipped);

    IOException e = assertThrows(IOException.class, () -> IdxReader.readLabels(file));

    assertMessage(e, file.toString(), "gzip data is truncated or corrupt");
  }

  @Test
  void negativeCountIsCorrupt() throws IOException {
    Path file = write(dir.resolve("negative"), header(IdxReader.LABELS_MAGIC, -5));

    IOException e = assertThrows(IOException.class, () -> IdxReader.readLabels(file));

    assertMessage(e, file.toString(), "negative record count (-5)");
  }

  @Test
  void zeroImageSizeIsCorrupt() throws IOException {
    Path file = write(dir.resolve("flat"), imageFile(2, 0, 28, new byte[0]));

    IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(file));

    assertMessage(e, file.toString(), "images of 0x28 pixels; the file is corrupt");
  }

  @Test
  void hugeHeaderIsCorrupt() throws IOException {
    Path file = write(dir.resolve("huge"), imageFile(100_000, 1000, 1000, new byte[0]));

    IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(file));

    assertMessage(e, file.toString(), "more than one Java array holds");
  }

  @Test
  void missingFileIsNoSuchFile() {
    Path file = dir.resolve("absent.gz");

    NoSuchFileException e =
        assertThrows(NoSuchFileException.class, () -> IdxReader.readImages(file));

    assertMessage(e, file.toString());
  }

  static void assertMessage(Exception e, String... parts) {
    for (String part : parts) {
      assertTrue(
          e.getMessage().contains(part), () -> "expected \"" + part + "\" in: " + e.getMessage());
    }
  }
}

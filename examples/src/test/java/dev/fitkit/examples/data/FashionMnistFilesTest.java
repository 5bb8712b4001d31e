package dev.fitkit.examples.data;

import static dev.fitkit.examples.data.IdxFixtures.SIDE;
import static dev.fitkit.examples.data.IdxFixtures.gzip;
import static dev.fitkit.examples.data.IdxFixtures.imageFile;
import static dev.fitkit.examples.data.IdxFixtures.labelFile;
import static dev.fitkit.examples.data.IdxFixtures.labelsOf;
import static dev.fitkit.examples.data.IdxFixtures.pixelsOf;
import static dev.fitkit.examples.data.IdxFixtures.write;
import static dev.fitkit.examples.data.IdxFixtures.writeSplit;
import static dev.fitkit.examples.data.IdxReaderTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.training.dataset.Dataset.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistFilesTest {

  private static final String INSTALL = "apt-get install dataset-fashion-mnist";
  private static final String DATA_OPTION = "--data DIR";

  @TempDir Path dir;

  @Test
  void loadsBothSplits() throws IOException {
    writeSplit(dir, "train", 5);
    writeSplit(dir, "t10k", 3);

    LabelledImages train = FashionMnistFiles.load(dir, Usage.TRAIN);
    LabelledImages test = FashionMnistFiles.load(dir, Usage.TEST);

    assertEquals(5, train.size());
    assertEquals(3, test.size());
    assertEquals(4, train.labels().get(4));
    assertEquals(SIDE, train.images().rows());
  }

  @Test
  void readsUnzippedFiles() throws IOException {
    write(dir.resolve("t10k-images-idx3-ubyte"), imageFile(2, SIDE, SIDE, pixelsOf(2)));
    write(dir.resolve("t10k-labels-idx1-ubyte"), labelFile(labelsOf(2)));

    assertEquals(2, FashionMnistFiles.load(dir, Usage.TEST).size());
  }

  @Test
  void prefersTheGzippedFile() throws IOException {
    write(dir.resolve("x.gz"), new byte[0]);
    write(dir.resolve("x"), new byte[0]);

    assertEquals(dir.resolve("x.gz"), FashionMnistFiles.locate(dir, "x"));
  }

  @Test
  void missingFolderSaysHowToGetTheData() {
    Path absent = dir.resolve("nowhere");

    NoSuchFileException e =
        assertThrows(NoSuchFileException.class, () -> FashionMnistFiles.load(absent, Usage.TRAIN));

    assertMessage(e, absent.toString(), "does not exist", INSTALL, DATA_OPTION);
  }

  @Test
  void fileInsteadOfFolderSaysSo() throws IOException {
    Path file = write(dir.resolve("train-images-idx3-ubyte.gz"), new byte[0]);

    NoSuchFileException e =
        assertThrows(NoSuchFileException.class, () -> FashionMnistFiles.load(file, Usage.TRAIN));

    assertMessage(e, file.toString(), "is not a folder", INSTALL, DATA_OPTION);
  }

  @Test
  void missingFileNamesItAndSaysHowToGetTheData() throws IOException {
    writeSplit(dir, "train", 2);
    Files.delete(dir.resolve("train-labels-idx1-ubyte.gz"));

    NoSuchFileException e =
        assertThrows(NoSuchFileException.class, () -> FashionMnistFiles.load(dir, Usage.TRAIN));

    assertMessage(
        e,
        "train-labels-idx1-ubyte.gz (or train-labels-idx1-ubyte) not found in " + dir,
        INSTALL,
        DATA_OPTION);
  }

  @Test
  void emptyFolderNamesTheTestFiles() {
    NoSuchFileException e =
        assertThrows(NoSuchFileException.class, () -> FashionMnistFiles.load(dir, Usage.TEST));

    assertMessage(e, "t10k-images-idx3-ubyte.gz", INSTALL, DATA_OPTION);
  }

  @Test
  void countMismatchNamesBothFilesAndCounts() throws IOException {
    write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(imageFile(3, SIDE, SIDE, pixelsOf(3))));
    write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(labelFile(labelsOf(2))));

    IOException e = assertThrows(IOException.class, () -> FashionMnistFiles.load(dir, Usage.TRAIN));

    assertMessage(
        e,
        dir.resolve("train-images-idx3-ubyte.gz") + " holds 3 images",
        dir.resolve("train-labels-idx1-ubyte.gz") + " holds 2 labels",
        "expected one label per image");
  }

  @Test
  void wrongImageSizeSaysWhatWasExpected() throws IOException {
    write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(imageFile(2, 2, 3, new byte[12])));
    write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(labelFile(labelsOf(2))));

    IOException e = assertThrows(IOException.class, () -> FashionMnistFiles.load(dir, Usage.TRAIN));

    assertMessage(
        e, "train-images-idx3-ubyte.gz", "expected 28x28 Fashion-MNIST images, found 2x3");
  }

  @Test
  void labelOutOfRangeNamesFileAndIndex() throws IOException {
    write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(imageFile(3, SIDE, SIDE, pixelsOf(3))));
    write(
        dir.resolve("train-labels-idx1-ubyte.gz"), gzip(labelFile((byte) 1, (byte) 12, (byte) 3)));

    IOException e = assertThrows(IOException.class, () -> FashionMnistFiles.load(dir, Usage.TRAIN));

    assertMessage(e, "train-labels-idx1-ubyte.gz", "label 1 is 12; expected a class index 0..9");
  }

  @Test
  void brokenFileErrorComesFromTheReader() throws IOException {
    writeSplit(dir, "train", 2);
    write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(labelFile(labelsOf(2))));

    IOException e = assertThrows(IOException.class, () -> FashionMnistFiles.load(dir, Usage.TRAIN));

    assertMessage(e, "train-images-idx3-ubyte.gz", "expected IDX magic 0x00000803");
  }

  @Test
  void validationSplitDoesNotExist() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> FashionMnistFiles.load(dir, Usage.VALIDATION));

    assertMessage(e, "TRAIN and TEST splits only", "randomSplit");
  }
}

package dev.fitkit.examples.data;

import ai.djl.training.dataset.Dataset.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Finds and loads the Fashion-MNIST IDX files of one split from a folder, and checks that they
 * agree: as many labels as images, 28x28 images, labels in 0..9.
 *
 * <p>The folder layout is the one of the Debian package {@code dataset-fashion-mnist} (and of the
 * original download): {@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz},
 * {@code t10k-images-idx3-ubyte.gz}, {@code t10k-labels-idx1-ubyte.gz}. Each file may also be
 * stored unzipped, without the {@code .gz} suffix.
 */
public final class FashionMnistFiles {

  /** Where {@code apt-get install dataset-fashion-mnist} puts the files. */
  public static final Path DEFAULT_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

  /** Image height and width, in pixels. */
  public static final int IMAGE_SIZE = 28;

  /** Number of classes; labels are 0..9. */
  public static final int NUM_CLASSES = 10;

  /** What to do when the files are not there; every "missing" message ends with it. */
  static final String HOW_TO_GET =
      "Install the data with `apt-get install dataset-fashion-mnist` (it goes to "
          + DEFAULT_DIRECTORY
          + ") or pass --data DIR with a folder holding the four Fashion-MNIST IDX files.";

  private FashionMnistFiles() {}

  /**
   * Loads the images and labels of one split.
   *
   * @param folder the folder holding the IDX files
   * @param usage {@link Usage#TRAIN} (60000 records) or {@link Usage#TEST} (10000 records)
   * @return the images and their labels
   * @throws IOException if a file is missing or broken, or images and labels disagree
   * @throws IllegalArgumentException if usage is {@link Usage#VALIDATION}, which Fashion-MNIST does
   *     not have
   */
  public static LabelledImages load(Path folder, Usage usage) throws IOException {
    String prefix = filePrefix(usage);
    Path imageFile = locate(folder, prefix + "-images-idx3-ubyte");
    Path labelFile = locate(folder, prefix + "-labels-idx1-ubyte");
    IdxImages images = IdxReader.readImages(imageFile);
    IdxLabels labels = IdxReader.readLabels(labelFile);
    if (images.count() != labels.count()) {
      throw new IOException(
          String.format(
              Locale.ROOT,
              "Image and label files disagree: %s holds %d images but %s holds %d labels;"
                  + " expected one label per image.",
              imageFile,
              images.count(),
              labelFile,
              labels.count()));
    }
    if (images.rows() != IMAGE_SIZE || images.cols() != IMAGE_SIZE) {
      throw problem(
          imageFile,
          "expected %dx%d Fashion-MNIST images, found %dx%d",
          IMAGE_SIZE,
          IMAGE_SIZE,
          images.rows(),
          images.cols());
    }
    for (int i = 0; i < labels.count(); i++) {
      if (labels.get(i) >= NUM_CLASSES) {
        throw problem(
            labelFile,
            "label %d is %d; expected a class index 0..%d",
            i,
            labels.get(i),
            NUM_CLASSES - 1);
      }
    }
    return new LabelledImages(images, labels);
  }

  /**
   * Finds {@code name.gz} or {@code name} in a folder, preferring the gzipped file.
   *
   * @param folder the folder to look in
   * @param name the file name without {@code .gz}
   * @return the existing file
   * @throws NoSuchFileException if the folder or both files are missing; the message says how to
   *     get the data
   */
  public static Path locate(Path folder, String name) throws IOException {
    if (!Files.isDirectory(folder)) {
      String problem = Files.exists(folder) ? "is not a folder" : "does not exist";
      throw new NoSuchFileException(
          folder.toString(), null, "Fashion-MNIST folder " + problem + ". " + HOW_TO_GET);
    }
    Path gzipped = folder.resolve(name + ".gz");
    if (Files.isRegularFile(gzipped)) {
      return gzipped;
    }
    Path plain = folder.resolve(name);
    if (Files.isRegularFile(plain)) {
      return plain;
    }
    String problem =
        String.format(
            Locale.ROOT, "Fashion-MNIST file %s.gz (or %s) not found in %s", name, name, folder);
    throw new NoSuchFileException(gzipped.toString(), null, problem + ". " + HOW_TO_GET);
  }

  private static IOException problem(Path file, String format, Object... args) {
    return new IOException(file + ": " + String.format(Locale.ROOT, format, args));
  }

  private static String filePrefix(Usage usage) {
    return switch (usage) {
      case TRAIN -> "train";
      case TEST -> "t10k";
      default ->
          throw new IllegalArgumentException(
              "Fashion-MNIST has TRAIN and TEST splits only, not "
                  + usage
                  + "; split TRAIN with randomSplit(...) for validation.");
    };
  }
}

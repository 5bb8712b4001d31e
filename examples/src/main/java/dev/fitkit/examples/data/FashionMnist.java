package dev.fitkit.examples.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.translate.Batchifier;
import ai.djl.util.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.LongStream;

/**
 * Fashion-MNIST (Zalando's 28x28 grey clothing images, 10 classes) read from local IDX files, with
 * no download.
 *
 * <p>Each record is an image of shape (1, 28, 28), float32 in [0, 1] (channel first, ready for a
 * convolution), and a float32 scalar label holding the class index 0..9. Batches have shapes (B, 1,
 * 28, 28) and (B).
 *
 * <pre>{@code
 * FashionMnist train = FashionMnist.builder()
 *         .optUsage(Dataset.Usage.TRAIN)
 *         .setSampling(256, true)
 *         .build();
 * }</pre>
 *
 * <p>The files are read once, at {@link #prepare(Progress)} or first use (about 0.3 s for the
 * training split), and kept on the Java heap as bytes (47 MB for the training split). No NDArray
 * lives between batches, so the dataset owns no native memory and needs no closing.
 *
 * <p>A batch is built in one pass: its pixels are gathered and scaled into one float array, then
 * copied into a single NDArray (and the labels into another), instead of one small NDArray per
 * image stacked afterwards. DJL takes this path ({@code BulkDataIterable}, through {@link
 * #getByIndices(NDManager, long...)}) whenever both batchifiers are {@link Batchifier#STACK}, the
 * default; any other batchifier falls back to {@link #get(NDManager, long)} per record. On a 2-core
 * CPU a shuffled epoch of 256-image batches takes about 0.1 s once the JIT is warm, and 3 to 5
 * times that per record.
 *
 * <p>Subsets from {@link #randomSplit(int...)} and {@code subDataset(...)} are views over the same
 * bytes that map every request through their own indices. DJL's own {@code ArrayDataset} subsets
 * serve a range request (what a sequential sampler asks for) from the parent's plain range,
 * ignoring the split's indices: a validation split read in order would then hold records of the
 * training split.
 */
public final class FashionMnist extends ArrayDataset {

  /** Image height, in pixels. */
  public static final int IMAGE_HEIGHT = FashionMnistFiles.IMAGE_SIZE;

  /** Image width, in pixels. */
  public static final int IMAGE_WIDTH = FashionMnistFiles.IMAGE_SIZE;

  /** Number of classes. */
  public static final int NUM_CLASSES = FashionMnistFiles.NUM_CLASSES;

  private static final int PIXELS = IMAGE_HEIGHT * IMAGE_WIDTH;

  /** Byte value to [0, 1] float, so the per-pixel work is one table read. */
  private static final float[] UNIT = new float[256];

  static {
    for (int i = 0; i < UNIT.length; i++) {
      UNIT[i] = i / 255f;
    }
  }

  private final Path directory;
  private final Usage usage;

  /** Records of this view, as indices into the loaded files; null means all, in file order. */
  private final int[] view;

  private volatile LabelledImages records;

  private FashionMnist(Builder builder) {
    super(builder);
    this.directory = builder.directory;
    this.usage = builder.usage;
    this.view = null;
  }

  private FashionMnist(FashionMnist parent, int[] view) {
    super(settingsOf(parent));
    this.directory = parent.directory;
    this.usage = parent.usage;
    this.view = view;
    this.records = parent.loaded();
  }

  /**
   * Creates a builder; call {@link Builder#setSampling(int, boolean)} before building.
   *
   * @return a new builder reading the training split from {@link
   *     FashionMnistFiles#DEFAULT_DIRECTORY}
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the folder the IDX files are read from.
   *
   * @return the folder
   */
  public Path getDirectory() {
    return directory;
  }

  /**
   * Returns the split this dataset reads.
   *
   * @return {@link Usage#TRAIN} or {@link Usage#TEST}
   */
  public Usage getUsage() {
    return usage;
  }

  /**
   * Reads the IDX files, once; later calls return at once.
   *
   * @param progress ignored: reading takes a fraction of a second
   * @throws IOException if a file is missing or broken; the message names the file and the fix
   */
  @Override
  public void prepare(Progress progress) throws IOException {
    if (records == null) {
      synchronized (this) {
        if (records == null) {
          records = FashionMnistFiles.load(directory, usage);
        }
      }
    }
  }

  /**
   * Returns the number of records before {@code optLimit}, reading the files if needed.
   *
   * @throws UncheckedIOException if the files cannot be read
   */
  @Override
  protected long availableSize() {
    return view != null ? view.length : loaded().size();
  }

  /**
   * Returns one record: image (1, 28, 28) in [0, 1] and scalar class label, both float32.
   *
   * @throws UncheckedIOException if the files cannot be read
   * @throws IndexOutOfBoundsException if index is not in [0, size())
   */
  @Override
  public Record get(NDManager manager, long index) {
    NDList[] record =
        arrays(manager, new long[] {index}, new Shape(1, IMAGE_HEIGHT, IMAGE_WIDTH), new Shape());
    return new Record(record[0], record[1]);
  }

  /**
   * Returns the records at the given indices as one batch: data (B, 1, 28, 28) and labels (B), one
   * NDArray each. Closing the batch closes {@code manager}, as in DJL.
   */
  @Override
  public Batch getByIndices(NDManager manager, long... indices) {
    int size = indices.length;
    NDList[] arrays =
        arrays(manager, indices, new Shape(size, 1, IMAGE_HEIGHT, IMAGE_WIDTH), new Shape(size));
    // Progress fields are filled in by the DataIterable that wraps this batch.
    return new Batch(
        manager, arrays[0], arrays[1], size, Batchifier.STACK, Batchifier.STACK, -1, -1);
  }

  /**
   * Returns the records {@code [fromIndex, toIndex)} as one batch: data (B, 1, 28, 28) and labels
   * (B), one NDArray each. Closing the batch closes {@code manager}, as in DJL.
   */
  @Override
  public Batch getByRange(NDManager manager, long fromIndex, long toIndex) {
    return getByIndices(manager, LongStream.range(fromIndex, toIndex).toArray());
  }

  @Override
  protected RandomAccessDataset newSubDataset(int[] indices, int from, int to) {
    int[] subset = new int[to - from];
    for (int i = 0; i < subset.length; i++) {
      subset[i] = resolve(indices[from + i]);
    }
    return new FashionMnist(this, subset);
  }

  @Override
  protected RandomAccessDataset newSubDataset(List<Long> subIndices) {
    int[] subset = new int[subIndices.size()];
    for (int i = 0; i < subset.length; i++) {
      subset[i] = resolve(subIndices.get(i));
    }
    return new FashionMnist(this, subset);
  }

  /** Builds one data and one label array holding the given records. */
  private NDList[] arrays(NDManager manager, long[] indices, Shape dataShape, Shape labelShape) {
    LabelledImages all = loaded();
    byte[] pixels = all.images().pixels();
    float[] images = new float[indices.length * PIXELS];
    float[] labels = new float[indices.length];
    for (int i = 0; i < indices.length; i++) {
      int record = resolve(indices[i]);
      int from = record * PIXELS;
      int to = i * PIXELS;
      for (int p = 0; p < PIXELS; p++) {
        images[to + p] = UNIT[pixels[from + p] & 0xFF];
      }
      labels[i] = all.labels().get(record);
    }
    NDArray data = manager.create(images, dataShape);
    NDArray label = manager.create(labels, labelShape);
    return new NDList[] {new NDList(data), new NDList(label)};
  }

  /** Maps an index of this dataset to an index into the loaded files. */
  private int resolve(long index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException(
          "index " + index + " out of range [0, " + size() + ") of " + this);
    }
    return view != null ? view[(int) index] : (int) index;
  }

  private LabelledImages loaded() {
    try {
      prepare(null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return records;
  }

  /** A builder holding the parent's sampling and transforms, for a view. */
  private static Builder settingsOf(FashionMnist parent) {
    return new Builder()
        .setSampling(parent.sampler)
        .optDataBatchifier(parent.dataBatchifier)
        .optLabelBatchifier(parent.labelBatchifier)
        .optPipeline(parent.pipeline)
        .optTargetPipeline(parent.targetPipeline)
        .optPrefetchNumber(parent.prefetchNumber)
        .optDevice(parent.device);
  }

  @Override
  public String toString() {
    String subset = view != null ? ", subset of " + view.length : "";
    return "FashionMnist(" + usage + ", " + directory + subset + ")";
  }

  /** Builds a {@link FashionMnist}; sampling, limit, transforms and device come from DJL's base. */
  public static final class Builder extends BaseBuilder<Builder> {

    private Path directory = FashionMnistFiles.DEFAULT_DIRECTORY;
    private Usage usage = Usage.TRAIN;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Sets the folder holding the IDX files (default {@link FashionMnistFiles#DEFAULT_DIRECTORY}).
     *
     * @param directory the folder
     * @return this builder
     */
    public Builder optDirectory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Sets the split to read (default {@link Usage#TRAIN}).
     *
     * @param usage {@link Usage#TRAIN} or {@link Usage#TEST}
     * @return this builder
     * @throws IllegalArgumentException for {@link Usage#VALIDATION}: split TRAIN instead
     */
    public Builder optUsage(Usage usage) {
      if (usage != Usage.TRAIN && usage != Usage.TEST) {
        throw new IllegalArgumentException(
            "Fashion-MNIST has TRAIN and TEST splits only, not "
                + usage
                + "; split TRAIN with randomSplit(...) for validation.");
      }
      this.usage = usage;
      return this;
    }

    /**
     * Builds the dataset. Files are read later, at {@code prepare()} or first use.
     *
     * @return the dataset
     * @throws NullPointerException if sampling was not set
     */
    public FashionMnist build() {
      return new FashionMnist(this);
    }
  }
}

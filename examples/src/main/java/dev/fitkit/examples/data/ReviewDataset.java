package dev.fitkit.examples.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;

/**
 * {@link Reviews} as a DJL dataset. Each record's data is the sentence padded to a fixed length, as
 * int64 ids (T), and, when asked for, its valid length as a float32 scalar; its label is the class
 * as a float32 scalar. Batches are therefore tokens (B, T), valid lengths (B) and labels (B); the
 * Fit API hands both data arrays to the network, which uses the lengths to ignore padding.
 */
public final class ReviewDataset extends RandomAccessDataset {
  private final Reviews reviews;
  private final int length;
  private final boolean validLengths;

  private ReviewDataset(Builder builder) {
    super(builder);
    this.reviews = builder.reviews;
    this.length = builder.length;
    this.validLengths = builder.validLengths;
  }

  /**
   * Creates a builder; call {@link Builder#setSampling(int, boolean)} before building.
   *
   * @param reviews the sentences to serve
   * @param length the padded length, at least the longest sentence's
   * @return a new builder
   */
  public static Builder builder(Reviews reviews, int length) {
    return new Builder(reviews, length);
  }

  @Override
  public Record get(NDManager manager, long index) {
    int i = Math.toIntExact(index);
    int[] sentence = reviews.sentences().get(i);
    NDList data = new NDList(manager.create(Padding.pad(sentence, length)));
    if (validLengths) {
      data.add(manager.create((float) sentence.length));
    }
    return new Record(data, new NDList(manager.create((float) reviews.labels()[i])));
  }

  @Override
  protected long availableSize() {
    return reviews.size();
  }

  /** Does nothing: the sentences are already in memory. */
  @Override
  public void prepare(Progress progress) {}

  /** Builds a {@link ReviewDataset}; sampling and limit come from DJL's base. */
  public static final class Builder extends BaseBuilder<Builder> {
    private final Reviews reviews;
    private final int length;
    private boolean validLengths;

    private Builder(Reviews reviews, int length) {
      this.reviews = reviews;
      this.length = length;
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Sets whether records carry their valid length as a second data array (default: no).
     *
     * @param include whether to
     * @return this builder
     */
    public Builder optValidLengths(boolean include) {
      this.validLengths = include;
      return this;
    }

    /**
     * Builds the dataset.
     *
     * @return the dataset
     */
    public ReviewDataset build() {
      return new ReviewDataset(this);
    }
  }
}

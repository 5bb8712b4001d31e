package dev.fitkit.examples.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;

/**
 * {@link LabelledRows} as a DJL dataset: each record is a float32 feature vector (F) and a float32
 * label of shape (1), so batches are (B, F) and (B, 1), the shapes a one-output network, a sigmoid
 * binary cross-entropy loss and DJL's {@code BinaryAccuracy} expect. Rows stay on the Java heap; no
 * NDArray lives between batches.
 */
public final class TabularDataset extends RandomAccessDataset {
  private final LabelledRows rows;

  private TabularDataset(Builder builder) {
    super(builder);
    this.rows = builder.rows;
  }

  /**
   * Creates a builder; call {@link Builder#setSampling(int, boolean)} before building.
   *
   * @param rows the rows to serve
   * @return a new builder
   */
  public static Builder builder(LabelledRows rows) {
    return new Builder(rows);
  }

  @Override
  public Record get(NDManager manager, long index) {
    int row = Math.toIntExact(index);
    return new Record(
        new NDList(manager.create(rows.features()[row])),
        new NDList(manager.create(new float[] {rows.labels()[row]})));
  }

  @Override
  protected long availableSize() {
    return rows.size();
  }

  /** Does nothing: the rows are already in memory. */
  @Override
  public void prepare(Progress progress) {}

  /** Builds a {@link TabularDataset}; sampling, limit and transforms come from DJL's base. */
  public static final class Builder extends BaseBuilder<Builder> {
    private final LabelledRows rows;

    private Builder(LabelledRows rows) {
      this.rows = rows;
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Builds the dataset.
     *
     * @return the dataset
     */
    public TabularDataset build() {
      return new TabularDataset(this);
    }
  }
}

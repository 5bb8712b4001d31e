package dev.fitkit.examples.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

/**
 * A table of numeric features with one numeric label per row, held on the Java heap.
 *
 * @param features one array of features per row, all of the same length
 * @param labels one label per row
 */
public record LabelledRows(float[][] features, float[] labels) {

  /** Checks that there is one label per row and that rows agree on the feature count. */
  public LabelledRows {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(labels, "labels");
    if (features.length != labels.length) {
      throw new IllegalArgumentException(
          features.length + " rows of features but " + labels.length + " labels");
    }
    for (float[] row : features) {
      if (row.length != features[0].length) {
        throw new IllegalArgumentException(
            "rows hold " + features[0].length + " and " + row.length + " features");
      }
    }
  }

  /** A training part and a test part of one table. */
  public record Split(LabelledRows train, LabelledRows test) {

    /**
     * Standardizes both parts with the training part's statistics, so the test part stays unseen.
     *
     * @return the split, every feature of the training part with mean 0 and standard deviation 1
     */
    public Split standardized() {
      Standardizer standardizer = Standardizer.fit(train.features());
      return new Split(
          train.withFeatures(standardizer.apply(train.features())),
          test.withFeatures(standardizer.apply(test.features())));
    }
  }

  /**
   * Returns the number of rows.
   *
   * @return the number of rows
   */
  public int size() {
    return labels.length;
  }

  /**
   * Returns the number of features per row.
   *
   * @return the number of features; 0 for an empty table
   */
  public int featureCount() {
    return features.length == 0 ? 0 : features[0].length;
  }

  /**
   * Shuffles the rows with a fixed seed and puts the last {@code testFraction} of them aside: the
   * same seed gives the same split on every machine and run.
   *
   * @param testFraction the share of rows for the test part, in (0, 1); rounded to whole rows
   * @param seed the seed of the shuffle
   * @return the two parts, each keeping the shuffled order
   * @throws IllegalArgumentException if the fraction leaves either part empty
   */
  public Split split(double testFraction, long seed) {
    int testSize = (int) Math.round(size() * testFraction);
    if (testSize <= 0 || testSize >= size()) {
      throw new IllegalArgumentException(
          "a test fraction of " + testFraction + " of " + size() + " rows leaves a part empty");
    }
    int[] order = shuffledIndices(size(), new Random(seed));
    int trainSize = size() - testSize;
    return new Split(
        select(Arrays.copyOfRange(order, 0, trainSize)),
        select(Arrays.copyOfRange(order, trainSize, size())));
  }

  /**
   * Wraps the rows as a DJL dataset of batches (B, features) and labels (B, 1).
   *
   * @param batchSize rows per batch
   * @param shuffle whether each epoch visits the rows in a new random order
   * @param limit the most rows to use; {@code Long.MAX_VALUE} for all
   * @return the dataset
   */
  public TabularDataset dataset(int batchSize, boolean shuffle, long limit) {
    return TabularDataset.builder(this).setSampling(batchSize, shuffle).optLimit(limit).build();
  }

  LabelledRows withFeatures(float[][] newFeatures) {
    return new LabelledRows(newFeatures, labels);
  }

  private LabelledRows select(int[] rows) {
    float[][] f = new float[rows.length][];
    float[] l = new float[rows.length];
    for (int i = 0; i < rows.length; i++) {
      f[i] = features[rows[i]].clone();
      l[i] = labels[rows[i]];
    }
    return new LabelledRows(f, l);
  }

  /** Fisher-Yates, with the given generator: reproducible, unlike DJL's engine-seeded shuffles. */
  private static int[] shuffledIndices(int size, Random random) {
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    for (int i = size - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }
}

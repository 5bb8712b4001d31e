package dev.fitkit.examples.data;

/**
 * Pads token sequences to one length so that sentences of different lengths stack into one batch.
 * The valid length is kept apart (see {@link ReviewDataset}) so that a network can tell padding
 * from text.
 */
public final class Padding {
  private Padding() {}

  /**
   * Pads a sentence at its end with {@link SyntheticReviews#PAD}.
   *
   * @param tokens the sentence's ids
   * @param length the padded length
   * @return {@code length} ids as int64, the type embeddings index with
   * @throws IllegalArgumentException if the sentence is longer than {@code length}: truncating
   *     would silently change its label
   */
  public static long[] pad(int[] tokens, int length) {
    if (tokens.length > length) {
      throw new IllegalArgumentException(
          "a sentence of " + tokens.length + " tokens does not fit in " + length);
    }
    long[] padded = new long[length];
    for (int i = 0; i < tokens.length; i++) {
      padded[i] = tokens[i];
    }
    // The rest stays 0, the PAD id.
    return padded;
  }
}

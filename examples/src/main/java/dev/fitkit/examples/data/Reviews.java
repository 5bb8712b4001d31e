package dev.fitkit.examples.data;

import java.util.List;
import java.util.Objects;

/**
 * Sentences of token ids, each with a class label; see {@link SyntheticReviews} for where they come
 * from.
 *
 * @param sentences token ids per sentence, without padding
 * @param labels one class label per sentence
 */
public record Reviews(List<int[]> sentences, int[] labels) {

  /** Checks that there is one label per sentence. */
  public Reviews {
    Objects.requireNonNull(sentences, "sentences");
    Objects.requireNonNull(labels, "labels");
    if (sentences.size() != labels.length) {
      throw new IllegalArgumentException(
          sentences.size() + " sentences but " + labels.length + " labels");
    }
  }

  /**
   * Returns the number of sentences.
   *
   * @return the number of sentences
   */
  public int size() {
    return labels.length;
  }

  /**
   * Wraps the sentences as a DJL dataset, each padded to {@link SyntheticReviews#MAX_LENGTH}.
   *
   * @param batchSize sentences per batch
   * @param shuffle whether each epoch visits the sentences in a new random order
   * @param limit the most sentences to use; {@code Long.MAX_VALUE} for all
   * @param withLengths whether each record also carries its valid length, as a second data array
   * @return the dataset
   */
  public ReviewDataset dataset(int batchSize, boolean shuffle, long limit, boolean withLengths) {
    return ReviewDataset.builder(this, SyntheticReviews.MAX_LENGTH)
        .optValidLengths(withLengths)
        .setSampling(batchSize, shuffle)
        .optLimit(limit)
        .build();
  }
}

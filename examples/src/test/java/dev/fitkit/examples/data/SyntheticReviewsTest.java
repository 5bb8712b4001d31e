package dev.fitkit.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Record;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generated sentiment data: its rule, its determinism and its padding. */
class SyntheticReviewsTest {

  @Test
  void theSameSeedGivesTheSameSentencesAndAnotherSeedOthers() {
    Reviews a = SyntheticReviews.generate(200, 5);
    Reviews b = SyntheticReviews.generate(200, 5);
    Reviews c = SyntheticReviews.generate(200, 6);

    assertArrayEquals(a.labels(), b.labels());
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.sentences().get(i), b.sentences().get(i));
    }
    assertFalse(Arrays.equals(a.sentences().get(0), c.sentences().get(0)));
  }

  @Test
  void negatorsFlipOnlyTheCueRightAfterThem() {
    assertEquals(1, SyntheticReviews.sentiment(SyntheticReviews.ids("the movie was great")));
    assertEquals(0, SyntheticReviews.sentiment(SyntheticReviews.ids("the movie was not great")));
    assertEquals(
        1, SyntheticReviews.sentiment(SyntheticReviews.ids("never boring and not the plot")));
    assertEquals(0, SyntheticReviews.sentiment(SyntheticReviews.ids("not the plot was boring")));
    // The same words in another order: order decides the label.
    assertEquals(0, SyntheticReviews.sentiment(SyntheticReviews.ids("not good the film")));
    assertEquals(1, SyntheticReviews.sentiment(SyntheticReviews.ids("not the good film")));
  }

  @Test
  void sentencesWithoutACueOrWithDisagreeingCuesHaveNoLabel() {
    assertThrows(
        IllegalArgumentException.class,
        () -> SyntheticReviews.sentiment(SyntheticReviews.ids("the plot")));
    assertThrows(
        IllegalArgumentException.class,
        () -> SyntheticReviews.sentiment(SyntheticReviews.ids("great but boring")));
  }

  @Test
  void everyGeneratedLabelFollowsTheRuleAndLengthsStayInRange() {
    Reviews reviews = SyntheticReviews.generate(5000, 1);
    int positive = 0;
    int negated = 0;
    List<String> negators = List.of("not", "never", "hardly");
    for (int i = 0; i < reviews.size(); i++) {
      int[] sentence = reviews.sentences().get(i);
      assertEquals(
          reviews.labels()[i],
          SyntheticReviews.sentiment(sentence),
          SyntheticReviews.words(sentence));
      assertTrue(
          sentence.length >= SyntheticReviews.MIN_LENGTH
              && sentence.length <= SyntheticReviews.MAX_LENGTH);
      assertTrue(
          Arrays.stream(sentence).noneMatch(t -> t == SyntheticReviews.PAD), "PAD is never a word");
      positive += reviews.labels()[i];
      negated +=
          Arrays.stream(sentence)
                  .anyMatch(t -> negators.contains(SyntheticReviews.VOCABULARY.get(t)))
              ? 1
              : 0;
    }
    assertTrue(
        positive > 2300 && positive < 2700, "balanced classes: " + positive + " of 5000 positive");
    assertTrue(negated > 1500, "negation is common: " + negated + " of 5000 sentences");
  }

  @Test
  void wordsAndIdsRoundTrip() {
    assertEquals(
        "not a great film", SyntheticReviews.words(SyntheticReviews.ids("not a great film")));
    assertThrows(
        IllegalArgumentException.class, () -> SyntheticReviews.ids("a splendiferous film"));
  }

  @Test
  void paddingFillsTheTailWithPadAndRefusesToTruncate() {
    assertArrayEquals(new long[] {4, 5, 6, 0, 0}, Padding.pad(new int[] {4, 5, 6}, 5));
    assertArrayEquals(new long[] {4, 5}, Padding.pad(new int[] {4, 5}, 2));
    assertThrows(IllegalArgumentException.class, () -> Padding.pad(new int[] {4, 5, 6}, 2));
  }

  @Test
  void recordsHoldPaddedIdsTheValidLengthAndTheLabel() {
    Reviews reviews =
        new Reviews(
            List.of(SyntheticReviews.ids("not a great film"), SyntheticReviews.ids("superb")),
            new int[] {0, 1});
    try (NDManager manager = NDManager.newBaseManager()) {
      Record withLengths = reviews.dataset(2, false, Long.MAX_VALUE, true).get(manager, 0);
      assertEquals(2, withLengths.getData().size());
      long[] tokens = withLengths.getData().get(0).toLongArray();
      assertEquals(SyntheticReviews.MAX_LENGTH, tokens.length);
      assertEquals(SyntheticReviews.ids("not")[0], tokens[0]);
      assertEquals(SyntheticReviews.PAD, tokens[4], "padded after the 4 words");
      assertEquals(4f, withLengths.getData().get(1).getFloat());
      assertEquals(0f, withLengths.getLabels().singletonOrThrow().getFloat());

      Record tokensOnly = reviews.dataset(2, false, Long.MAX_VALUE, false).get(manager, 1);
      assertEquals(1, tokensOnly.getData().size());
      assertEquals(1f, tokensOnly.getLabels().singletonOrThrow().getFloat());
    }
  }

  @Test
  void reviewsNeedOneLabelPerSentence() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Reviews(List.of(new int[] {4}), new int[] {0, 1}));
  }
}

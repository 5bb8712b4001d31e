package dev.fitkit.examples.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * <b>Generated</b> movie-review-like sentences with a sentiment label; no real text is involved
 * (this machine has no text data set and no network), so the task is what the rule below says.
 *
 * <p>Each sentence has 5 to 40 tokens: neutral words, one to three sentiment cue words ("great",
 * "boring", ...) and negators ("not", "never", "hardly"). A negator flips the cue <em>right after
 * it</em> ("not great" is negative), and does nothing before a neutral word ("not the plot"), so
 * word order matters and a bag of words cannot solve the task. All cues of one sentence agree once
 * negation is applied, and the label is that polarity: 1 positive, 0 negative (see {@link
 * #sentiment(int[])}). Classes are balanced in expectation.
 *
 * <p>Token ids index {@link #VOCABULARY}; id 0 is {@link #PAD}, which sentences never contain.
 * Generation uses its own {@link Random} with the given seed, so a seed gives the same sentences on
 * every machine and run.
 */
public final class SyntheticReviews {
  /** The padding id: 0, never a word of a sentence. */
  public static final int PAD = 0;

  /** The shortest sentence, in tokens. */
  public static final int MIN_LENGTH = 5;

  /** The longest sentence, in tokens: also the padded length of every record. */
  public static final int MAX_LENGTH = 40;

  private static final List<String> NEGATORS = List.of("not", "never", "hardly");
  private static final List<String> POSITIVE =
      List.of(
          "good",
          "great",
          "excellent",
          "wonderful",
          "superb",
          "enjoyable",
          "delightful",
          "brilliant",
          "charming",
          "moving",
          "fun",
          "beautiful");
  private static final List<String> NEGATIVE =
      List.of(
          "bad",
          "awful",
          "terrible",
          "boring",
          "dull",
          "poor",
          "weak",
          "tedious",
          "bland",
          "messy",
          "clumsy",
          "forgettable");
  private static final List<String> NEUTRAL =
      List.of(
          "the",
          "a",
          "movie",
          "film",
          "plot",
          "actor",
          "actress",
          "was",
          "is",
          "and",
          "story",
          "it",
          "this",
          "scene",
          "music",
          "director",
          "camera",
          "script",
          "ending",
          "cast",
          "character",
          "really",
          "quite",
          "very",
          "overall",
          "but",
          "with",
          "of",
          "in",
          "on",
          "at",
          "for",
          "to",
          "from",
          "its",
          "their",
          "his",
          "her",
          "one",
          "two",
          "first",
          "last",
          "time",
          "hour",
          "night",
          "city",
          "house",
          "dialogue",
          "sound",
          "pace",
          "tone",
          "style",
          "sequel",
          "book",
          "version",
          "screen",
          "theater",
          "audience",
          "seemed",
          "felt");

  /** Every token, by id: PAD, negators, positive cues, negative cues, neutral words. */
  public static final List<String> VOCABULARY =
      Stream.of(List.of("<pad>"), NEGATORS, POSITIVE, NEGATIVE, NEUTRAL)
          .flatMap(List::stream)
          .toList();

  private static final int FIRST_NEGATOR = 1;
  private static final int FIRST_POSITIVE = FIRST_NEGATOR + NEGATORS.size();
  private static final int FIRST_NEGATIVE = FIRST_POSITIVE + POSITIVE.size();
  private static final int FIRST_NEUTRAL = FIRST_NEGATIVE + NEGATIVE.size();

  /** Share of cues written negated ("not bad" for a positive cue). */
  private static final double NEGATED_CUE = 0.4;

  /**
   * Share of neutral words preceded by a negator that flips nothing, so "not" alone proves nothing.
   */
  private static final double STRAY_NEGATOR = 0.08;

  private SyntheticReviews() {}

  /**
   * Generates sentences.
   *
   * @param count how many
   * @param seed the seed: same seed, same sentences
   * @return the sentences, their labels following {@link #sentiment(int[])}
   */
  public static Reviews generate(int count, long seed) {
    Random random = new Random(seed);
    List<int[]> sentences = new ArrayList<>(count);
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = random.nextInt(2);
      sentences.add(sentence(labels[i] == 1, random));
    }
    return new Reviews(sentences, labels);
  }

  /**
   * The labelling rule: the polarity of the sentence's cues, each flipped when a negator comes
   * right before it.
   *
   * @param tokens a sentence, without padding
   * @return 1 positive, 0 negative
   * @throws IllegalArgumentException if the sentence has no cue or its cues disagree
   */
  public static int sentiment(int[] tokens) {
    int polarity = 0;
    for (int i = 0; i < tokens.length; i++) {
      int cue = cuePolarity(tokens[i]);
      if (cue == 0) {
        continue;
      }
      if (i > 0 && isNegator(tokens[i - 1])) {
        cue = -cue;
      }
      if (polarity != 0 && cue != polarity) {
        throw new IllegalArgumentException("cues disagree in " + words(tokens));
      }
      polarity = cue;
    }
    if (polarity == 0) {
      throw new IllegalArgumentException("no sentiment cue in " + words(tokens));
    }
    return polarity > 0 ? 1 : 0;
  }

  /**
   * Converts words to ids.
   *
   * @param words words of {@link #VOCABULARY}, separated by spaces
   * @return their ids
   * @throws IllegalArgumentException for a word outside the vocabulary
   */
  public static int[] ids(String words) {
    return Stream.of(words.trim().split("\\s+"))
        .mapToInt(
            w -> {
              int id = VOCABULARY.indexOf(w);
              if (id < 0) {
                throw new IllegalArgumentException("not in the vocabulary: " + w);
              }
              return id;
            })
        .toArray();
  }

  /**
   * Converts ids back to words, for logs and messages.
   *
   * @param tokens ids
   * @return the words, separated by spaces
   */
  public static String words(int[] tokens) {
    StringBuilder text = new StringBuilder();
    for (int token : tokens) {
      text.append(text.length() == 0 ? "" : " ").append(VOCABULARY.get(token));
    }
    return text.toString();
  }

  private static boolean isNegator(int token) {
    return token >= FIRST_NEGATOR && token < FIRST_POSITIVE;
  }

  private static int cuePolarity(int token) {
    if (token >= FIRST_POSITIVE && token < FIRST_NEGATIVE) {
      return 1;
    }
    return token >= FIRST_NEGATIVE && token < FIRST_NEUTRAL ? -1 : 0;
  }

  private static int[] sentence(boolean positive, Random random) {
    int length = MIN_LENGTH + random.nextInt(MAX_LENGTH - MIN_LENGTH + 1);
    // Phrases are a cue (with its negator, if any) or a neutral word (with a stray negator, if
    // any).
    List<int[]> phrases = new ArrayList<>();
    int used = 0;
    int cues = 1 + random.nextInt(3);
    for (int c = 0; c < cues && used + 2 <= length; c++) {
      int[] cue = cue(positive, random);
      phrases.add(cue);
      used += cue.length;
    }
    while (used < length) {
      int neutral = FIRST_NEUTRAL + random.nextInt(NEUTRAL.size());
      int[] phrase =
          used + 2 <= length && random.nextDouble() < STRAY_NEGATOR
              ? new int[] {negator(random), neutral}
              : new int[] {neutral};
      phrases.add(phrase);
      used += phrase.length;
    }
    Collections.shuffle(phrases, random);
    int[] tokens = new int[length];
    int at = 0;
    for (int[] phrase : phrases) {
      System.arraycopy(phrase, 0, tokens, at, phrase.length);
      at += phrase.length;
    }
    return tokens;
  }

  /** A cue whose polarity after negation is the sentence's: "great", or "not boring". */
  private static int[] cue(boolean positive, Random random) {
    boolean negated = random.nextDouble() < NEGATED_CUE;
    boolean wordPositive = positive != negated;
    int word =
        wordPositive
            ? FIRST_POSITIVE + random.nextInt(POSITIVE.size())
            : FIRST_NEGATIVE + random.nextInt(NEGATIVE.size());
    return negated ? new int[] {negator(random), word} : new int[] {word};
  }

  private static int negator(Random random) {
    return FIRST_NEGATOR + random.nextInt(NEGATORS.size());
  }
}

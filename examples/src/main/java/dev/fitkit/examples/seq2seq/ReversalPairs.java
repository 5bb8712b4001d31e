package dev.fitkit.examples.seq2seq;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import dev.fitkit.examples.data.Padding;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * <b>Generated</b> sequence pairs for the {@code seq2seq} example, from a fixed seed: a source of 3
 * to {@link #MAX_SOURCE} digits, and its "translation", the digits in reverse order written as word
 * tokens ("zero".."nine", a vocabulary of their own) followed by EOS. E.g. source {@code 4 0 7}
 * translates to {@code seven zero four EOS}.
 *
 * <p>Source ids: {@link #PAD} 0, digit d is d + 1. Target ids: PAD 0, {@link #BOS} 1, {@link #EOS}
 * 2, the word for digit d is d + 3.
 *
 * <p>As a DJL dataset each record's data is the padded source (S), its valid length (float32
 * scalar) and the decoder's input, BOS then the target without its EOS (T): teacher forcing, the
 * decoder reads the true previous token. Its labels are the padded target (T) and the target's
 * valid length, which the masked loss and metrics use to ignore padding.
 */
public final class ReversalPairs extends RandomAccessDataset {
  public static final int PAD = 0;
  public static final int BOS = 1;
  public static final int EOS = 2;
  public static final int MIN_SOURCE = 3;
  public static final int MAX_SOURCE = 10;

  /** Padded target length: the longest translation plus EOS. */
  public static final int MAX_TARGET = MAX_SOURCE + 1;

  public static final int SOURCE_VOCABULARY = 11;
  public static final int TARGET_VOCABULARY = 13;

  private final List<int[]> sources;

  private ReversalPairs(Builder builder) {
    super(builder);
    this.sources = builder.sources;
  }

  /**
   * Generates {@code size} source sequences; the same seed always gives the same ones.
   *
   * @return source token ids, unpadded
   */
  public static List<int[]> generate(int size, long seed) {
    Random random = new Random(seed);
    List<int[]> sources = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      int[] source = new int[MIN_SOURCE + random.nextInt(MAX_SOURCE - MIN_SOURCE + 1)];
      for (int t = 0; t < source.length; t++) {
        source[t] = 1 + random.nextInt(10);
      }
      sources.add(source);
    }
    return sources;
  }

  /** The translation of a source: its digits reversed, as word ids, then EOS. */
  public static int[] target(int[] source) {
    int[] target = new int[source.length + 1];
    for (int t = 0; t < source.length; t++) {
      target[t] = source[source.length - 1 - t] - 1 + 3;
    }
    target[source.length] = EOS;
    return target;
  }

  /** The decoder's teacher-forced input: BOS, then the target without its last token (EOS). */
  public static int[] decoderInput(int[] target) {
    int[] input = new int[target.length];
    input[0] = BOS;
    System.arraycopy(target, 0, input, 1, target.length - 1);
    return input;
  }

  /** A builder over generated sources; call {@code setSampling} before building. */
  public static Builder builder(List<int[]> sources) {
    return new Builder(sources);
  }

  @Override
  public Record get(NDManager manager, long index) {
    int[] source = sources.get(Math.toIntExact(index));
    int[] target = target(source);
    NDList data =
        new NDList(
            manager.create(Padding.pad(source, MAX_SOURCE)),
            manager.create((float) source.length),
            manager.create(Padding.pad(decoderInput(target), MAX_TARGET)));
    NDList labels =
        new NDList(
            manager.create(Padding.pad(target, MAX_TARGET)), manager.create((float) target.length));
    return new Record(data, labels);
  }

  @Override
  protected long availableSize() {
    return sources.size();
  }

  /** Does nothing: the pairs are generated in memory. */
  @Override
  public void prepare(Progress progress) {}

  /** Builds a {@link ReversalPairs}; sampling and limit come from DJL's base. */
  public static final class Builder extends BaseBuilder<Builder> {
    private final List<int[]> sources;

    private Builder(List<int[]> sources) {
      this.sources = sources;
    }

    @Override
    protected Builder self() {
      return this;
    }

    public ReversalPairs build() {
      return new ReversalPairs(this);
    }
  }
}

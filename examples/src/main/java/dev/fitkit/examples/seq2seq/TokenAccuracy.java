package dev.fitkit.examples.seq2seq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.evaluator.Evaluator;
import dev.fitkit.examples.nets.SequenceMask;
import java.util.HashMap;
import java.util.Map;

/**
 * Accuracy over target tokens, padding excluded; with {@link #exactMatch()}, the share of sequences
 * whose every valid token is right. A DJL {@link Evaluator} that reads two label arrays, targets
 * (B, T) and their valid lengths (B), and one output, logits (B, T, V). Under teacher forcing each
 * step is scored given the true previous tokens.
 */
public final class TokenAccuracy extends Evaluator {
  private final boolean wholeSequence;
  private final Map<String, Long> correct = new HashMap<>();
  private final Map<String, Long> total = new HashMap<>();

  /** Token accuracy, named "token accuracy". */
  public TokenAccuracy() {
    this("token accuracy", false);
  }

  /** Exact sequence match, named "sequence accuracy". */
  public static TokenAccuracy exactMatch() {
    return new TokenAccuracy("sequence accuracy", true);
  }

  private TokenAccuracy(String name, boolean wholeSequence) {
    super(name);
    this.wholeSequence = wholeSequence;
  }

  /** Right tokens (or sequences) as float32 per item: (B, T) masked, or (B). */
  private NDArray right(NDList labels, NDList predictions) {
    NDArray targets = labels.get(0).toType(DataType.INT64, false);
    NDArray lengths = labels.get(1).toType(DataType.FLOAT32, false);
    NDArray mask = SequenceMask.mask(lengths, targets.getShape().get(1));
    NDArray right =
        predictions
            .head()
            .argMax(2)
            .toType(DataType.INT64, false)
            .eq(targets)
            .toType(DataType.FLOAT32, false)
            .mul(mask);
    return wholeSequence
        ? right.sum(new int[] {1}).gte(lengths).toType(DataType.FLOAT32, false)
        : right;
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray right = right(labels, predictions);
    NDArray count =
        wholeSequence
            ? right.getManager().create((float) right.size())
            : labels.get(1).toType(DataType.FLOAT32, false).sum();
    return right.sum().div(count);
  }

  @Override
  public void addAccumulator(String key) {
    correct.put(key, 0L);
    total.put(key, 0L);
  }

  @Override
  public void updateAccumulator(String key, NDList labels, NDList predictions) {
    long right = (long) right(labels, predictions).sum().getFloat();
    long count =
        wholeSequence
            ? labels.get(0).getShape().get(0)
            : (long) labels.get(1).toType(DataType.FLOAT32, false).sum().getFloat();
    correct.merge(key, right, Long::sum);
    total.merge(key, count, Long::sum);
  }

  @Override
  public void resetAccumulator(String key) {
    addAccumulator(key);
  }

  @Override
  public float getAccumulator(String key) {
    long count = total.getOrDefault(key, 0L);
    return count == 0 ? Float.NaN : (float) correct.get(key) / count;
  }
}

package dev.fitkit.examples.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Keeps padding out of a sequence model's result, using each sequence's valid length: a mask zeroes
 * padded steps before averaging, and a reversal within the valid length lets a backward RNN start
 * at the last real token instead of reading the padding first. Without them, a short sentence
 * padded to 40 steps would be summarized mostly by what the network made of the PAD tokens.
 */
public final class SequenceMask {
  private SequenceMask() {}

  /**
   * Marks the valid steps.
   *
   * @param validLengths (B) valid step counts, any numeric type
   * @param steps the padded length T
   * @return (B, T) float32: 1 where step t &lt; the sequence's valid length, else 0
   */
  public static NDArray mask(NDArray validLengths, long steps) {
    NDArray positions = validLengths.getManager().arange(0f, (float) steps).reshape(1, steps);
    return positions
        .lt(validLengths.toType(DataType.FLOAT32, false).reshape(-1, 1))
        .toType(DataType.FLOAT32, false);
  }

  /**
   * Averages each sequence over its valid steps only.
   *
   * @param steps (B, T, H) outputs per step
   * @param validLengths (B) valid step counts, each at least 1
   * @return (B, H) the mean of each sequence's first valid-length steps; padded steps add nothing
   */
  public static NDArray meanOverValid(NDArray steps, NDArray validLengths) {
    NDArray mask = mask(validLengths, steps.getShape().get(1)).expandDims(2);
    NDArray lengths = validLengths.toType(DataType.FLOAT32, false).reshape(-1, 1);
    return steps.mul(mask).sum(new int[] {1}).div(lengths);
  }

  /**
   * Reverses each sequence's valid steps and leaves its padded steps where they are: with lengths
   * (3), steps a b c PAD become c b a PAD. Doing it twice gives the input back.
   *
   * @param steps (B, T, H) values per step
   * @param validLengths (B) valid step counts
   * @return (B, T, H) the reversed sequences
   */
  public static NDArray reverseValid(NDArray steps, NDArray validLengths) {
    Shape shape = steps.getShape();
    long batch = shape.get(0);
    long time = shape.get(1);
    NDArray positions =
        validLengths
            .getManager()
            .arange(0f, (float) time)
            .reshape(1, time)
            .broadcast(new Shape(batch, time));
    NDArray lengths = validLengths.toType(DataType.FLOAT32, false).reshape(-1, 1);
    NDArray reversed = lengths.sub(1).sub(positions); // len - 1 - t: valid steps, read backwards
    NDArray source =
        NDArrays.where(positions.lt(lengths), reversed, positions).toType(DataType.INT64, false);
    // gather wants an index of the values' own shape: the same step index for every feature.
    return steps.gather(source.expandDims(2).broadcast(shape), 1);
  }
}

package dev.fitkit.examples.nets;

import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;

/**
 * A multilayer perceptron for 10-class image classification: flatten, then one dense + ReLU layer
 * per hidden size, then a dense layer of 10 logits.
 */
public final class Mlp {

  /** Number of outputs. */
  public static final int NUM_CLASSES = 10;

  private Mlp() {}

  /**
   * Builds a fresh, uninitialised MLP.
   *
   * <p>{@code build(256)} is the Gluon book's MLP; {@code build()} with no sizes is softmax
   * regression.
   *
   * @param hidden the width of each hidden layer, input side first
   * @return the network; its output is (N, 10) logits for (N, ...) input
   * @throws IllegalArgumentException if a width is not positive
   */
  public static SequentialBlock build(int... hidden) {
    SequentialBlock net = new SequentialBlock().add(Blocks.batchFlattenBlock());
    for (int units : hidden) {
      if (units <= 0) {
        throw new IllegalArgumentException("hidden layer widths must be positive, got " + units);
      }
      net.add(Linear.builder().setUnits(units).build()).add(Activation.reluBlock());
    }
    return net.add(Linear.builder().setUnits(NUM_CLASSES).build());
  }
}

package dev.fitkit.testing;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;

/** Small networks for the blobs. */
public final class Nets {
  private Nets() {}

  /** Two inputs, a hidden layer of 16, three class scores. */
  public static Block mlp() {
    return new SequentialBlock()
        .add(Linear.builder().setUnits(16).build())
        .add(Activation::relu)
        .add(Linear.builder().setUnits(3).build());
  }
}

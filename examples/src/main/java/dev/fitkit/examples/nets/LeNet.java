package dev.fitkit.examples.nets;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;

/**
 * LeNet-5 as in the Gluon book (D2L chapter "Convolutional Neural Networks (LeNet)"), for (N, 1,
 * 28, 28) images and 10 classes.
 *
 * <p>Unlike the book it uses ReLU and max pooling instead of sigmoid and average pooling: with Adam
 * it passes 0.85 accuracy on Fashion-MNIST within one or two epochs, where the sigmoid net needs
 * many.
 */
public final class LeNet {

  /** Number of outputs: the Fashion-MNIST and MNIST classes. */
  public static final int NUM_CLASSES = 10;

  private LeNet() {}

  /**
   * Builds a fresh, uninitialised LeNet.
   *
   * <p>Layers: conv 6@5x5 pad 2, relu, maxpool 2/2 (6x14x14); conv 16@5x5, relu, maxpool 2/2
   * (16x5x5); flatten (400); dense 120, relu; dense 84, relu; dense 10 (logits).
   *
   * @return the network; its output is (N, 10) logits for (N, 1, 28, 28) input
   */
  public static SequentialBlock build() {
    return new SequentialBlock()
        .add(conv(6, 2))
        .add(Activation.reluBlock())
        .add(maxPool())
        .add(conv(16, 0))
        .add(Activation.reluBlock())
        .add(maxPool())
        .add(Blocks.batchFlattenBlock())
        .add(Linear.builder().setUnits(120).build())
        .add(Activation.reluBlock())
        .add(Linear.builder().setUnits(84).build())
        .add(Activation.reluBlock())
        .add(Linear.builder().setUnits(NUM_CLASSES).build());
  }

  private static Conv2d conv(int filters, int padding) {
    return Conv2d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(5, 5))
        .optPadding(new Shape(padding, padding))
        .build();
  }

  private static Block maxPool() {
    return Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2));
  }
}

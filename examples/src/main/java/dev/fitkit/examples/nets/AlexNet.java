package dev.fitkit.examples.nets;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;

/**
 * AlexNet (Krizhevsky et al., 2012, as in the Gluon book's chapter "Deep Convolutional Neural
 * Networks (AlexNet)") sized for (N, 1, 28, 28) Fashion-MNIST images and 10 classes.
 *
 * <p>The book resizes Fashion-MNIST to 224x224 and keeps the ImageNet widths (96-256-384-384-256
 * filters, 4096-unit dense layers): about 0.7 G multiply-adds per image, over an hour per epoch on
 * a 2-core CPU. This version keeps AlexNet's layout — five convolutions, three overlapping 3x3
 * stride-2 max pools, two dense layers with dropout 0.5, ReLU throughout — and adapts it to the
 * small input instead of resizing it: the first convolution is 5x5 stride 1 (not 11x11 stride 4),
 * the pools are padded so a 28x28 image still has a 4x4 map after the last one, and every width is
 * divided by {@code widthDivisor} (2 by default).
 */
public final class AlexNet {

  /** Number of outputs: the Fashion-MNIST classes. */
  public static final int NUM_CLASSES = 10;

  /**
   * The width divisor of {@link #build()}: half the ImageNet widths, about 2 minutes per
   * Fashion-MNIST epoch on 2 CPU cores; the full widths take about ten times as long.
   */
  public static final int DEFAULT_WIDTH_DIVISOR = 2;

  private AlexNet() {}

  /**
   * Builds AlexNet with half the ImageNet widths: 48-128-192-192-128 filters, 2048-unit dense
   * layers, 9.3 M parameters.
   *
   * @return the network; its output is (N, 10) logits for (N, 1, 28, 28) input
   */
  public static SequentialBlock build() {
    return build(DEFAULT_WIDTH_DIVISOR);
  }

  /**
   * Builds AlexNet with the ImageNet widths divided by {@code widthDivisor}.
   *
   * <p>Layers, for 28x28 input: conv 96/d@5x5 pad 2, relu, maxpool 3/2 (14x14); conv 256/d@5x5 pad
   * 2, relu, maxpool 3/2 (7x7); conv 384/d, 384/d, 256/d @3x3 pad 1, relu each; maxpool 3/2 (4x4);
   * flatten; dense 4096/d, relu, dropout 0.5, twice; dense 10 (logits).
   *
   * @param widthDivisor 1 for the ImageNet widths, 2 for half, ...
   * @return the network; its output is (N, 10) logits for (N, 1, 28, 28) input
   * @throws IllegalArgumentException if the divisor is not in 1..16
   */
  public static SequentialBlock build(int widthDivisor) {
    if (widthDivisor < 1 || widthDivisor > 16) {
      throw new IllegalArgumentException("widthDivisor must be in 1..16, got " + widthDivisor);
    }
    int d = widthDivisor;
    return new SequentialBlock()
        .add(conv(96 / d, 5, 2))
        .add(Activation.reluBlock())
        .add(maxPool())
        .add(conv(256 / d, 5, 2))
        .add(Activation.reluBlock())
        .add(maxPool())
        .add(conv(384 / d, 3, 1))
        .add(Activation.reluBlock())
        .add(conv(384 / d, 3, 1))
        .add(Activation.reluBlock())
        .add(conv(256 / d, 3, 1))
        .add(Activation.reluBlock())
        .add(maxPool())
        .add(Blocks.batchFlattenBlock())
        .add(Linear.builder().setUnits(4096 / d).build())
        .add(Activation.reluBlock())
        .add(Dropout.builder().optRate(0.5f).build())
        .add(Linear.builder().setUnits(4096 / d).build())
        .add(Activation.reluBlock())
        .add(Dropout.builder().optRate(0.5f).build())
        .add(Linear.builder().setUnits(NUM_CLASSES).build());
  }

  private static Conv2d conv(int filters, int kernel, int padding) {
    return Conv2d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(kernel, kernel))
        .optPadding(new Shape(padding, padding))
        .build();
  }

  /** AlexNet's overlapping 3x3 stride-2 pool, padded by 1: 28 -> 14 -> 7 -> 4. */
  private static Block maxPool() {
    return Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1));
  }
}

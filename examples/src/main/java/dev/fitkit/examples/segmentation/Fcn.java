package dev.fitkit.examples.segmentation;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;

/**
 * A small fully convolutional network (after Long, Shelhamer and Darrell's FCN) for (N, 1, H, W)
 * images with H and W multiples of 4: it returns (N, classes, H, W) per-pixel logits.
 */
public final class Fcn {
  private Fcn() {}

  /**
   * Builds a fresh, uninitialised network.
   *
   * <p>Encoder: two conv 3x3 (16) + relu, max pool 2; two conv 3x3 (32) + relu, max pool 2; conv
   * 3x3 (64) + relu, so each H/4 x W/4 feature sees 24x24 pixels, enough to tell a shape's kind
   * from its outline. Decoder: twice, nearest-neighbour upsampling by 2 then a conv 3x3 (32, then
   * one channel per class), back to H x W.
   *
   * <p>Upsampling then convolving is the decoder, not a transposed convolution: DJL's PyTorch
   * engine does not implement {@code Conv2dTranspose} ("Not implemented" on the first forward).
   *
   * @param classes output channels: one logit per class and pixel
   * @return the network
   */
  public static SequentialBlock build(int classes) {
    return new SequentialBlock()
        .add(conv(16))
        .add(Activation.reluBlock())
        .add(conv(16))
        .add(Activation.reluBlock())
        .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
        .add(conv(32))
        .add(Activation.reluBlock())
        .add(conv(32))
        .add(Activation.reluBlock())
        .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
        .add(conv(64))
        .add(Activation.reluBlock())
        .add(upsample())
        .add(conv(32))
        .add(Activation.reluBlock())
        .add(upsample())
        .add(conv(classes));
  }

  private static Conv2d conv(int filters) {
    return Conv2d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(3, 3))
        .optPadding(new Shape(1, 1))
        .build();
  }

  /** Doubles height and width, each pixel becoming a 2x2 block. */
  private static Block upsample() {
    return new LambdaBlock(
        x -> new NDList(x.singletonOrThrow().repeat(2, 2).repeat(3, 2)), "upsample");
  }
}

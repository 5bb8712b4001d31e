package dev.fitkit.examples.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * ResNet-18 (He et al., 2016; the Gluon book's chapter "Residual Networks (ResNet)"), built from
 * DJL layers: nothing is downloaded.
 *
 * <p>A stem (conv 64@7x7 stride 2, batch norm, relu, maxpool 3x3 stride 2), then four stages of two
 * basic residual blocks with 64, 128, 256 and 512 filters (each stage after the first halves the
 * map), global average pooling and a dense layer of logits: 18 weighted layers, 11.2 M parameters
 * for 10 classes. A basic block is conv 3x3, batch norm, relu, conv 3x3, batch norm, added to its
 * input (through a 1x1 convolution and batch norm where the shape changes), then relu. For 28x28
 * input the maps are 14, 7, 7, 4, 2 and 1 pixels wide.
 *
 * <p>This is the ImageNet stem, kept as the paper has it: on 28x28 images it shrinks the map to 7x7
 * before the first residual block, which keeps an epoch of Fashion-MNIST near a minute on 2 CPU
 * cores. A CIFAR-style stem (3x3 stride 1, no pool) would keep more of a small image, at 4 to 16
 * times the cost.
 */
public final class ResNet18 {

  /** Filters of the four stages. */
  private static final int[] STAGE_FILTERS = {64, 128, 256, 512};

  /** Basic blocks per stage: 2 + 2 + 2 + 2 blocks of 2 convolutions, plus stem and dense = 18. */
  private static final int BLOCKS_PER_STAGE = 2;

  private ResNet18() {}

  /**
   * Builds a fresh, uninitialised ResNet-18.
   *
   * @param classes the number of outputs
   * @return the network; its output is (N, classes) logits for (N, C, H, W) input
   */
  public static SequentialBlock build(int classes) {
    SequentialBlock net =
        new SequentialBlock()
            .add(conv(64, 7, 2))
            .add(BatchNorm.builder().build())
            .add(Activation.reluBlock())
            .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
    int in = 64;
    for (int stage = 0; stage < STAGE_FILTERS.length; stage++) {
      int filters = STAGE_FILTERS[stage];
      for (int block = 0; block < BLOCKS_PER_STAGE; block++) {
        int stride = stage > 0 && block == 0 ? 2 : 1;
        net.add(residual(filters, stride, in != filters || stride != 1));
        in = filters;
      }
    }
    return net.add(Pool.globalAvgPool2dBlock())
        .add(Blocks.batchFlattenBlock())
        .add(Linear.builder().setUnits(classes).build());
  }

  /** One basic block: two 3x3 convolutions and a shortcut, summed, then relu. */
  static Block residual(int filters, int stride, boolean projectShortcut) {
    SequentialBlock main =
        new SequentialBlock()
            .add(conv(filters, 3, stride))
            .add(BatchNorm.builder().build())
            .add(Activation.reluBlock())
            .add(conv(filters, 3, 1))
            .add(BatchNorm.builder().build());
    SequentialBlock shortcut = new SequentialBlock();
    if (projectShortcut) {
      shortcut.add(conv(filters, 1, stride)).add(BatchNorm.builder().build());
    } else {
      shortcut.add(Blocks.identityBlock());
    }
    return new ParallelBlock(ResNet18::addThenRelu, List.of(main, shortcut));
  }

  private static NDList addThenRelu(List<NDList> branches) {
    NDArray sum = branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow());
    return new NDList(Activation.relu(sum));
  }

  /** A bias-free convolution (batch norm follows), padded to keep the map size at stride 1. */
  private static Conv2d conv(int filters, int kernel, int stride) {
    return Conv2d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(kernel, kernel))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(kernel / 2, kernel / 2))
        .optBias(false)
        .build();
  }
}

package dev.fitkit.examples.detection;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * A tiny single-shot detector (after Liu et al.'s SSD) for (N, 1, 32, 32) images, with one 8x8
 * feature map. It returns two outputs: class logits (N, anchors, classes + 1), background first,
 * and box offsets (N, anchors, 4), anchors ordered as {@link Anchors} orders them.
 */
public final class TinySsd {
  private TinySsd() {}

  /**
   * Builds a fresh, uninitialised network.
   *
   * <p>Backbone: two conv 3x3 (16) + relu, max pool 2; two conv 3x3 (32) + relu, max pool 2; two
   * conv 3x3 (64) + relu: an 8x8 map whose features see 26x26 pixels. Heads: a conv 3x3 each, one
   * with (classes + 1) logits per anchor, one with 4 offsets per anchor.
   *
   * @param anchorsPerCell anchors per feature-map cell
   * @param classes object classes, background not counted
   * @return the network
   */
  public static Block build(int anchorsPerCell, int classes) {
    SequentialBlock backbone =
        new SequentialBlock()
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
            .add(conv(64))
            .add(Activation.reluBlock());
    Block heads =
        new ParallelBlock(
            outputs -> new NDList(outputs.get(0).head(), outputs.get(1).head()),
            List.of(head(anchorsPerCell, classes + 1), head(anchorsPerCell, 4)));
    return new SequentialBlock().add(backbone).add(heads);
  }

  /** A conv 3x3 with {@code perAnchor} channels per anchor, reshaped to (N, anchors, perAnchor). */
  private static Block head(int anchorsPerCell, int perAnchor) {
    return new SequentialBlock()
        .add(conv(anchorsPerCell * perAnchor))
        .add(
            new LambdaBlock(
                x -> {
                  NDArray map = x.singletonOrThrow(); // (N, A * K, H, W)
                  return new NDList(
                      map.transpose(0, 2, 3, 1).reshape(map.getShape().get(0), -1, perAnchor));
                },
                "anchors"));
  }

  private static Conv2d conv(int filters) {
    return Conv2d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(3, 3))
        .optPadding(new Shape(1, 1))
        .build();
  }
}

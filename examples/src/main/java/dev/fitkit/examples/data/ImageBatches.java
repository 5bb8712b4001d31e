package dev.fitkit.examples.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Shape checks shared by the per-image transforms: one (C, H, W) image or an (N, C, H, W) batch.
 */
final class ImageBatches {
  private ImageBatches() {}

  /** The array's shape as (N, C, H, W), a single (C, H, W) image counting as N = 1. */
  static long[] nchw(NDArray images, String transform) {
    Shape shape = images.getShape();
    if (shape.dimension() == 3) {
      return new long[] {1, shape.get(0), shape.get(1), shape.get(2)};
    }
    if (shape.dimension() == 4) {
      return shape.getShape();
    }
    throw new IllegalArgumentException(
        transform + " takes (C, H, W) images or (N, C, H, W) batches, got shape " + shape);
  }
}

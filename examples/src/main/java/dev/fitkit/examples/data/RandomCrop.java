package dev.fitkit.examples.data;

import ai.djl.ndarray.NDArray;
import ai.djl.translate.Transform;
import ai.djl.util.RandomUtils;

/**
 * Pads each image with {@code padding} zero pixels on every side and crops it back to its size at a
 * random position, drawn per image: the image moves by up to {@code padding} pixels in each
 * direction (as torchvision's {@code RandomCrop(size, padding)}). A data augmentation for the
 * training pipeline: {@code FashionMnist.builder().addTransform(new RandomCrop(2))}.
 *
 * <p>Takes channel-first images, (C, H, W) or a batch (N, C, H, W), as {@link FashionMnist} gives
 * them; DJL's own crops expect (H, W, C) and one crop per call. Positions come from DJL's {@link
 * RandomUtils}, so {@code Engine.setRandomSeed} (an estimator's {@code seed}) makes them repeat.
 */
public final class RandomCrop implements Transform {
  private final int padding;

  /**
   * Creates the transform.
   *
   * @param padding the largest shift, in pixels
   * @throws IllegalArgumentException if padding is negative
   */
  public RandomCrop(int padding) {
    if (padding < 0) {
      throw new IllegalArgumentException("padding must not be negative, got " + padding);
    }
    this.padding = padding;
  }

  /** {@inheritDoc} The result has the input's shape and data type float32. */
  @Override
  public NDArray transform(NDArray images) {
    long[] nchw = ImageBatches.nchw(images, "RandomCrop");
    int planes = Math.toIntExact(nchw[1]);
    int height = Math.toIntExact(nchw[2]);
    int width = Math.toIntExact(nchw[3]);
    float[] in = images.toFloatArray();
    float[] out = new float[in.length];
    int imageSize = planes * height * width;
    for (int image = 0; image < nchw[0]; image++) {
      // The crop's corner in the padded image, relative to the original corner.
      int dy = RandomUtils.nextInt(2 * padding + 1) - padding;
      int dx = RandomUtils.nextInt(2 * padding + 1) - padding;
      for (int plane = 0; plane < planes; plane++) {
        int base = image * imageSize + plane * height * width;
        for (int y = 0; y < height; y++) {
          int sourceY = y + dy;
          if (sourceY < 0 || sourceY >= height) {
            continue; // a padding row: stays 0
          }
          for (int x = Math.max(0, -dx); x < Math.min(width, width - dx); x++) {
            out[base + y * width + x] = in[base + sourceY * width + x + dx];
          }
        }
      }
    }
    return images.getManager().create(out, images.getShape());
  }
}

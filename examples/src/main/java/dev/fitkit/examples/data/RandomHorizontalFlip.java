package dev.fitkit.examples.data;

import ai.djl.ndarray.NDArray;
import ai.djl.translate.Transform;
import ai.djl.util.RandomUtils;

/**
 * Mirrors each image left-right with probability 1/2, drawn per image: a data augmentation for the
 * training pipeline ({@code FashionMnist.builder().addTransform(new RandomHorizontalFlip())}).
 *
 * <p>Takes channel-first images, (C, H, W) or a batch (N, C, H, W), as {@link FashionMnist} gives
 * them. DJL's own {@code RandomFlipLeftRight} does not fit here: it expects (H, W, C) images, draws
 * one coin for a whole batch (and {@code FashionMnist} transforms whole batches), and in DJL 0.36
 * returns its input unflipped. Coins come from DJL's {@link RandomUtils}, so {@code
 * Engine.setRandomSeed} (an estimator's {@code seed}) makes them repeat.
 */
public final class RandomHorizontalFlip implements Transform {

  /** {@inheritDoc} The result has the input's shape and data type float32. */
  @Override
  public NDArray transform(NDArray images) {
    long[] nchw = ImageBatches.nchw(images, "RandomHorizontalFlip");
    int planes = Math.toIntExact(nchw[1]);
    int height = Math.toIntExact(nchw[2]);
    int width = Math.toIntExact(nchw[3]);
    float[] pixels = images.toFloatArray();
    int rowsPerImage = planes * height;
    for (int image = 0; image < nchw[0]; image++) {
      if (!RandomUtils.RANDOM.nextBoolean()) {
        continue;
      }
      for (int row = image * rowsPerImage; row < (image + 1) * rowsPerImage; row++) {
        int start = row * width;
        for (int left = start, right = start + width - 1; left < right; left++, right--) {
          float swap = pixels[left];
          pixels[left] = pixels[right];
          pixels[right] = swap;
        }
      }
    }
    return images.getManager().create(pixels, images.getShape());
  }
}

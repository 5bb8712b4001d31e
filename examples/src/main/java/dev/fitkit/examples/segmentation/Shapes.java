package dev.fitkit.examples.segmentation;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import java.util.Random;

/**
 * Synthetic segmentation data: 32x32 single-channel images of one to three filled shapes
 * (rectangles, discs, upward triangles) on a noisy background, with a mask that gives each pixel
 * its class: 0 background, 1 rectangle, 2 disc, 3 triangle. The same seed always gives the same
 * images.
 *
 * <p>A shape's brightness is random and the same range for every kind, so only its outline tells
 * the kinds apart; later shapes cover earlier ones, in the image and in the mask.
 */
public final class Shapes {
  /** Image height and width, in pixels. */
  public static final int SIZE = 32;

  /** Classes in the masks: background and the three shape kinds. */
  public static final int CLASSES = 4;

  private static final float NOISE = 0.1f;

  private final Random random;

  private Shapes(long seed) {
    this.random = new Random(seed);
  }

  /**
   * Generates {@code count} images and masks as a DJL dataset whose records are an image (1, 32,
   * 32) and a mask (32, 32) of class ids, both float32.
   *
   * @param manager owns the arrays; the dataset is valid until it closes
   * @param count how many images
   * @param seed fixes the images
   * @param batchSize samples per batch
   * @param shuffle whether each epoch visits the samples in a new order
   * @param limit serve at most this many samples
   * @return the dataset
   */
  public static ArrayDataset dataset(
      NDManager manager, int count, long seed, int batchSize, boolean shuffle, long limit) {
    float[] images = new float[count * SIZE * SIZE];
    float[] masks = new float[count * SIZE * SIZE];
    Shapes shapes = new Shapes(seed);
    for (int i = 0; i < count; i++) {
      shapes.draw(images, masks, i * SIZE * SIZE);
    }
    return new ArrayDataset.Builder()
        .setData(manager.create(images, new Shape(count, 1, SIZE, SIZE)))
        .optLabels(manager.create(masks, new Shape(count, SIZE, SIZE)))
        .setSampling(batchSize, shuffle)
        .optLimit(limit)
        .build();
  }

  /** Draws one image and its mask at {@code offset}. */
  private void draw(float[] image, float[] mask, int offset) {
    float background = 0.3f * random.nextFloat();
    java.util.Arrays.fill(image, offset, offset + SIZE * SIZE, background);
    int count = 1 + random.nextInt(3);
    for (int s = 0; s < count; s++) {
      int kind = 1 + random.nextInt(CLASSES - 1);
      float brightness = 0.5f + 0.5f * random.nextFloat();
      int cx = 5 + random.nextInt(SIZE - 10);
      int cy = 5 + random.nextInt(SIZE - 10);
      int rx = 3 + random.nextInt(5);
      int ry = kind == 2 ? rx : 3 + random.nextInt(5); // discs are round
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          if (inside(kind, x - cx, y - cy, rx, ry)) {
            image[offset + y * SIZE + x] = brightness;
            mask[offset + y * SIZE + x] = kind;
          }
        }
      }
    }
    for (int p = offset; p < offset + SIZE * SIZE; p++) {
      image[p] += NOISE * (float) random.nextGaussian();
    }
  }

  /** Whether the point (dx, dy) from a shape's centre lies in it; rx, ry are its half sizes. */
  static boolean inside(int kind, int dx, int dy, int rx, int ry) {
    return switch (kind) {
      case 1 -> Math.abs(dx) <= rx && Math.abs(dy) <= ry;
      case 2 -> dx * dx + dy * dy <= rx * rx;
      // Apex at (0, -ry), base from (-rx, ry) to (rx, ry): the half width grows linearly downwards.
      case 3 -> Math.abs(dy) <= ry && 2 * ry * Math.abs(dx) <= rx * (dy + ry);
      default -> throw new IllegalArgumentException("no shape kind " + kind);
    };
  }
}

package dev.fitkit.examples.detection;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import java.util.Arrays;
import java.util.Random;

/**
 * Synthetic detection data: 32x32 single-channel images of one or two filled objects, squares
 * (class 1) or discs (class 2) of sides 7 to 15 pixels, that never overlap, on a noisy background.
 * Each image's label is {@link #MAX_OBJECTS} rows of (class, x0, y0, x1, y1), corners as fractions
 * of the image side; a missing second object is the row (-1, 0, 0, 0, 0). The same seed always
 * gives the same images.
 */
public final class Boxes {
  /** Image height and width, in pixels. */
  public static final int SIZE = 32;

  /** Object classes (1 square, 2 disc); with background, the class head scores 3. */
  public static final int OBJECT_CLASSES = 2;

  /** Label rows per image. */
  public static final int MAX_OBJECTS = 2;

  private static final float NOISE = 0.1f;

  private final Random random;

  private Boxes(long seed) {
    this.random = new Random(seed);
  }

  /**
   * Generates {@code count} images (1, 32, 32) and labels (2, 5), both float32.
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
    float[] labels = new float[count * MAX_OBJECTS * 5];
    Boxes boxes = new Boxes(seed);
    for (int i = 0; i < count; i++) {
      boxes.draw(images, i * SIZE * SIZE, labels, i * MAX_OBJECTS * 5);
    }
    return new ArrayDataset.Builder()
        .setData(manager.create(images, new Shape(count, 1, SIZE, SIZE)))
        .optLabels(manager.create(labels, new Shape(count, MAX_OBJECTS, 5)))
        .setSampling(batchSize, shuffle)
        .optLimit(limit)
        .build();
  }

  private void draw(float[] image, int offset, float[] labels, int labelOffset) {
    float background = 0.3f * random.nextFloat();
    Arrays.fill(image, offset, offset + SIZE * SIZE, background);
    int count = 1 + random.nextInt(MAX_OBJECTS);
    int[][] placed = new int[count][];
    for (int s = 0; s < MAX_OBJECTS; s++) {
      int at = labelOffset + s * 5;
      if (s >= count) {
        labels[at] = -1;
        continue;
      }
      int kind = 1 + random.nextInt(OBJECT_CLASSES);
      int r;
      int cx;
      int cy;
      do { // pixel box [cx - r, cx + r], apart from the first object's by at least one pixel
        r = 3 + random.nextInt(5);
        cx = r + random.nextInt(SIZE - 2 * r);
        cy = r + random.nextInt(SIZE - 2 * r);
      } while (s > 0 && touches(placed[0], cx, cy, r));
      placed[s] = new int[] {cx, cy, r};
      float brightness = 0.5f + 0.5f * random.nextFloat();
      for (int y = cy - r; y <= cy + r; y++) {
        for (int x = cx - r; x <= cx + r; x++) {
          int dx = x - cx;
          int dy = y - cy;
          if (kind == 1 || dx * dx + dy * dy <= r * r) {
            image[offset + y * SIZE + x] = brightness;
          }
        }
      }
      labels[at] = kind;
      labels[at + 1] = (float) (cx - r) / SIZE;
      labels[at + 2] = (float) (cy - r) / SIZE;
      labels[at + 3] = (float) (cx + r + 1) / SIZE;
      labels[at + 4] = (float) (cy + r + 1) / SIZE;
    }
    for (int p = offset; p < offset + SIZE * SIZE; p++) {
      image[p] += NOISE * (float) random.nextGaussian();
    }
  }

  private static boolean touches(int[] other, int cx, int cy, int r) {
    return Math.abs(cx - other[0]) <= r + other[2] + 1
        && Math.abs(cy - other[1]) <= r + other[2] + 1;
  }
}

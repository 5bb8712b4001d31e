package dev.fitkit.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import java.util.Random;

/**
 * A small classification problem the tests really train on: three Gaussian blobs in the plane, one
 * per class, drawn from a seeded generator so every run sees the same points.
 */
public final class Blobs {
  private static final float[][] CENTERS = {{0f, 3f}, {3f, -2f}, {-3f, -2f}};

  private Blobs() {}

  /** {@code samples} points with labels 0..2, in batches of {@code batchSize}, not shuffled. */
  public static ArrayDataset dataset(NDManager manager, int samples, int batchSize, long seed) {
    return build(manager, samples, batchSize, seed, 0, -1, false);
  }

  /** As {@link #dataset(NDManager, int, int, long)}, shuffled at every epoch when asked. */
  public static ArrayDataset dataset(
      NDManager manager, int samples, int batchSize, long seed, boolean shuffle) {
    return build(manager, samples, batchSize, seed, 0, -1, shuffle);
  }

  /**
   * The same points with every label moved to the next class: the better a network learns the
   * blobs, the higher its loss on these, so as validation data they give a validation loss that
   * rises epoch after epoch.
   */
  public static ArrayDataset flipped(NDManager manager, int samples, int batchSize, long seed) {
    return build(manager, samples, batchSize, seed, 1, -1, false);
  }

  /** The blobs with sample {@code nanSample}'s first coordinate NaN: its batch's loss is NaN. */
  public static ArrayDataset withNaN(
      NDManager manager, int samples, int batchSize, long seed, int nanSample) {
    return build(manager, samples, batchSize, seed, 0, nanSample, false);
  }

  private static ArrayDataset build(
      NDManager manager,
      int samples,
      int batchSize,
      long seed,
      int labelShift,
      int nanSample,
      boolean shuffle) {
    Random random = new Random(seed);
    float[] points = new float[samples * 2];
    float[] labels = new float[samples];
    for (int i = 0; i < samples; i++) {
      int label = random.nextInt(CENTERS.length);
      labels[i] = (label + labelShift) % CENTERS.length;
      points[2 * i] = CENTERS[label][0] + (float) random.nextGaussian();
      points[2 * i + 1] = CENTERS[label][1] + (float) random.nextGaussian();
    }
    if (nanSample >= 0) {
      points[2 * nanSample] = Float.NaN;
    }
    NDArray x = manager.create(points, new Shape(samples, 2));
    NDArray y = manager.create(labels, new Shape(samples));
    return new ArrayDataset.Builder()
        .setData(x)
        .optLabels(y)
        .setSampling(batchSize, shuffle)
        .build();
  }
}

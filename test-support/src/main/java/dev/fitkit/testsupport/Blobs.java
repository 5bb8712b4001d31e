package dev.fitkit.testsupport;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import java.util.Random;

/**
 * A small classification problem a network really learns in a few batches: three Gaussian blobs in
 * the plane (unit variance, centres about 5 apart), one per class, drawn from a seeded generator so
 * every run sees the same points. Data are {@code (samples, 2)} floats, labels {@code (samples)}
 * class indices 0..2, as {@code Loss.softmaxCrossEntropyLoss()} reads them.
 */
public final class Blobs {
  /** The number of classes, and of outputs a network for the blobs needs. */
  public static final int CLASSES = 3;

  /** The number of features of a point. */
  public static final int FEATURES = 2;

  private static final float[][] CENTERS = {{0f, 3f}, {3f, -2f}, {-3f, -2f}};

  private Blobs() {}

  /**
   * {@code samples} points with their labels, in batches of {@code batchSize} (the last one may be
   * smaller), in a fixed order, made with {@code manager} (close it after the fit).
   */
  public static ArrayDataset dataset(NDManager manager, int samples, int batchSize, long seed) {
    return dataset(manager, samples, batchSize, seed, false);
  }

  /**
   * As {@link #dataset(NDManager, int, int, long)}; {@code shuffle} reorders the batches at every
   * epoch, with the engine's random generator (which {@code Estimator.builder().seed(n)} seeds).
   */
  public static ArrayDataset dataset(
      NDManager manager, int samples, int batchSize, long seed, boolean shuffle) {
    if (samples < 1 || batchSize < 1) {
      throw new IllegalArgumentException(
          "Blobs need at least one sample and one sample per batch, got "
              + samples
              + " samples in batches of "
              + batchSize);
    }
    Random random = new Random(seed);
    float[] points = new float[samples * FEATURES];
    float[] labels = new float[samples];
    for (int i = 0; i < samples; i++) {
      int label = random.nextInt(CLASSES);
      labels[i] = label;
      points[FEATURES * i] = CENTERS[label][0] + (float) random.nextGaussian();
      points[FEATURES * i + 1] = CENTERS[label][1] + (float) random.nextGaussian();
    }
    NDArray x = manager.create(points, new Shape(samples, FEATURES));
    NDArray y = manager.create(labels, new Shape(samples));
    return new ArrayDataset.Builder()
        .setData(x)
        .optLabels(y)
        .setSampling(batchSize, shuffle)
        .build();
  }
}

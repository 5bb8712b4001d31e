package dev.fitkit.examples.segmentation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Softmax cross entropy per pixel, averaged over every pixel of the batch: predictions are (N, K,
 * H, W) logits, labels (N, H, W) class ids.
 *
 * <p>DJL's {@code SoftmaxCrossEntropyLoss} with class axis 1 does not do this on the PyTorch
 * engine: its sparse-label pick cannot expand (N, H, W) labels to (N, K, H, W) and throws (see
 * {@code SegmentationMetricsTest}). A one-hot product needs no pick.
 */
public final class PixelSoftmaxCrossEntropy extends Loss {
  private final int classes;

  /**
   * Creates the loss, named "loss".
   *
   * @param classes K, the number of classes in the predictions
   */
  public PixelSoftmaxCrossEntropy(int classes) {
    super("loss");
    this.classes = classes;
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray logProbabilities = predictions.singletonOrThrow().logSoftmax(1).transpose(0, 2, 3, 1);
    NDArray oneHot = labels.singletonOrThrow().oneHot(classes);
    return logProbabilities.mul(oneHot).sum(new int[] {3}).mean().neg();
  }
}

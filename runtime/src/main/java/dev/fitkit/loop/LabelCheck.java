package dev.fitkit.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import dev.fitkit.FitConfigurationException;

/**
 * Labels whose shape cannot mean what DJL's softmax cross entropy reads them as. Its sparse mode
 * (the default) picks one score per label value, so labels of any shape "work": (N, 3) labels for
 * ten classes, or one-hot labels, train to nonsense without an error. Checked on the first batch.
 */
final class LabelCheck {
  private LabelCheck() {}

  static void labelsFitLoss(Loss loss, NDList labels, NDList predictions) {
    if (loss.getClass() != SoftmaxCrossEntropyLoss.class
        || labels.size() != 1
        || predictions.size() != 1) {
      return;
    }
    NDArray label = labels.head();
    NDArray prediction = predictions.head();
    Shape labelShape = label.getShape();
    Shape outputShape = prediction.getShape();
    if (labelShape.equals(outputShape)) {
      if (Boolean.TRUE.equals(sparse(loss, prediction.getManager()))) {
        throw new FitConfigurationException(
            "The labels have the network output's shape "
                + outputShape
                + ", as one-hot labels do, but the loss "
                + loss.getName()
                + " expects class indices (sparse labels): it would read each one-hot value as a"
                + " class index and train to nonsense. Give labels of shape "
                + withoutLastAxis(outputShape)
                + " holding class indices, or build the loss for one-hot labels:"
                + " Loss.softmaxCrossEntropyLoss(\"loss\", 1, -1, false, true).");
      }
      return;
    }
    long perIndex = labelShape.size() == 0 ? 0 : outputShape.size() / labelShape.size();
    boolean indexPerSample =
        labelShape.size() > 0
            && outputShape.size() % labelShape.size() == 0
            && isClassAxisLength(outputShape, perIndex);
    if (!indexPerSample) {
      throw new FitConfigurationException(
          "The labels have shape "
              + labelShape
              + ", which fits neither way the loss "
              + loss.getName()
              + " can read them for the network's output of shape "
              + outputShape
              + ": class indices need one label per score vector, shape "
              + withoutLastAxis(outputShape)
              + " (or with a trailing 1), and one-hot labels need shape "
              + outputShape
              + ". Make the dataset's labels one of these, or the network's output match its"
              + " labels.");
    }
  }

  /**
   * Whether the loss reads labels as class indices, found by what it does: with indices, a one-hot
   * label and its reverse pick the same scores, so give the same loss; one-hot they do not. Null
   * when the probe does not apply (a class axis other than the last, say).
   */
  private static Boolean sparse(Loss loss, NDManager parent) {
    try (NDManager probe = parent.newSubManager()) {
      NDArray scores = probe.create(new float[] {0f, (float) Math.log(3)}, new Shape(1, 2));
      float forward =
          loss.evaluate(
                  new NDList(probe.create(new float[] {0, 1}, new Shape(1, 2))), new NDList(scores))
              .getFloat();
      float reverse =
          loss.evaluate(
                  new NDList(probe.create(new float[] {1, 0}, new Shape(1, 2))), new NDList(scores))
              .getFloat();
      return Math.abs(forward - reverse) <= 1e-6f * Math.max(1f, Math.abs(forward));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The class axis is the last (the loss's default) or axis 1 (channels first, per pixel). */
  private static boolean isClassAxisLength(Shape shape, long length) {
    int dims = shape.dimension();
    return dims >= 2 && (shape.get(dims - 1) == length || shape.get(1) == length);
  }

  private static Shape withoutLastAxis(Shape shape) {
    return shape.dimension() <= 1 ? shape : shape.slice(0, shape.dimension() - 1);
  }
}

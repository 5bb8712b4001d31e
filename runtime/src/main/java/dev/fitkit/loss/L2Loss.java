package dev.fitkit.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import dev.fitkit.ndarray.Constants;

/**
 * DJL's L2 loss, the mean of {@code weight * (label - prediction)²} (weight ½ by default), with
 * gradients that survive a garbage collection between forward and backward. DJL's own {@code
 * L2Loss} multiplies by its weight through {@code mul(Number)}, which on the PyTorch engine lends
 * autograd a buffer that a collection can free (see {@link Constants}); this one does not. Same
 * values, same name, a drop-in replacement: {@code .loss(new L2Loss())}.
 */
public final class L2Loss extends Loss {
  private final float weight;

  /** Named "L2Loss", weight ½, as DJL's {@code Loss.l2Loss()}. */
  public L2Loss() {
    this("L2Loss", 0.5f);
  }

  public L2Loss(String name, float weight) {
    super(name);
    this.weight = weight;
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray prediction = predictions.singletonOrThrow();
    NDArray label = labels.singletonOrThrow().reshape(prediction.getShape());
    return Constants.mul(label.sub(prediction).square(), weight).mean();
  }
}

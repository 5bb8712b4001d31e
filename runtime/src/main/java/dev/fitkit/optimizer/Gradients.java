package dev.fitkit.optimizer;

import ai.djl.ndarray.NDArray;

/**
 * The gradient every optimizer works with: rescaled, clipped and with weight decay, as DJL's
 * optimizers do.
 */
final class Gradients {
  private Gradients() {}

  static NDArray prepare(
      NDArray grad, NDArray weight, float rescale, float clip, float weightDecay) {
    NDArray g = grad.mul(rescale);
    if (clip > 0) {
      g = g.clip(-clip, clip);
    }
    if (weightDecay > 0) {
      g = g.add(weight.mul(weightDecay));
    }
    return g;
  }

  /**
   * Zeroes the weight's gradient once it is used. PyTorch adds each backward into the gradient, and
   * DJL's own optimizers zero it inside their native update ops; the gradient an optimizer is
   * handed is a copy (DJL's parameter server aggregates devices into it), so the weight's own is
   * cleared here.
   */
  static void clear(NDArray weight) {
    if (!weight.hasGradient()) {
      return;
    }
    try (NDArray live = weight.getGradient()) {
      live.subi(live);
    }
  }
}

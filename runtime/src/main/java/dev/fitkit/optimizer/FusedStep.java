package dev.fitkit.optimizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Applies a step the engine has no fused op for: {@code weight -= learningRate * direction},
 * through the engine's fused SGD op with no weight decay, rescale, clip or momentum. That op writes
 * the weight in place with autograd off and, in the PyTorch engine, clears the weight's own
 * gradient, as every fused update does (see {@link SlotOptimizer}). What it subtracts is {@code
 * (direction + 0 * weight) * learningRate}: for a finite weight, exactly {@code learningRate *
 * direction}.
 */
final class FusedStep {
  private FusedStep() {}

  static void descend(NDArray weight, NDArray direction, float learningRate) {
    weight
        .getNDArrayInternal()
        .sgdUpdate(
            new NDList(weight, direction), new NDList(weight), learningRate, 0f, 1f, -1f, 0f, true);
  }
}

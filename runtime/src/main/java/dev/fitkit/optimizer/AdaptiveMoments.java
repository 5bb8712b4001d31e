package dev.fitkit.optimizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.List;

/**
 * Adam's update, shared by {@link Adam} and {@link AdamW}: the engine's fused Adam op with DJL's
 * arguments and bias correction, the moments and step counts kept as {@link SlotState}. The two
 * differ only in the op's last argument, how weight decay applies.
 */
abstract class AdaptiveMoments extends SlotOptimizer {
  private static final List<String> SLOTS = List.of("mean", "variance");

  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final boolean decoupledWeightDecay;

  AdaptiveMoments(MomentBuilder<?> builder, boolean decoupledWeightDecay) {
    super(builder, SLOTS);
    this.beta1 = builder.beta1;
    this.beta2 = builder.beta2;
    this.epsilon = builder.epsilon;
    this.decoupledWeightDecay = decoupledWeightDecay;
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    SlotState.Entry entry = state.next(parameterId, weight);
    int t = entry.steps;
    float lr = learningRate.getNewValue(parameterId, t);
    // In double, then rounded, as DJL computes it: the same float reaches the fused op.
    float correctedLr = (float) (lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t)));
    float weightDecay = getWeightDecay();
    checkFinite(correctedLr, weightDecay);
    weight
        .getNDArrayInternal()
        .adamUpdate(
            new NDList(weight, grad, entry.slots[0], entry.slots[1]),
            new NDList(weight),
            lr,
            correctedLr,
            weightDecay,
            rescaleGrad,
            clipGrad,
            beta1,
            beta2,
            epsilon,
            true,
            decoupledWeightDecay);
  }

  /** Adam's options; defaults as DJL's and the paper's. */
  abstract static class MomentBuilder<B extends MomentBuilder<B>> extends SlotBuilder<B> {
    private float beta1 = 0.9f;
    private float beta2 = 0.999f;
    private float epsilon = 1e-8f;

    MomentBuilder() {
      super(0.001f);
    }

    /** The decay rates of the first and second moment estimates (0.9 and 0.999). */
    public B betas(float beta1, float beta2) {
      this.beta1 = beta1;
      this.beta2 = beta2;
      return self();
    }

    /** Added to the root of the second moment, for numerical stability (1e-8). */
    public B epsilon(float epsilon) {
      this.epsilon = epsilon;
      return self();
    }
  }
}

package dev.fitkit.optimizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.util.Preconditions;
import java.util.List;

/**
 * Adam (Kingma and Ba) with state a checkpoint can hold: DJL's Adam, the engine's fused update with
 * DJL's arguments and bias correction, except that its moments and step counts are {@link
 * StatefulOptimizer state}. Its bias correction counts the steps of each parameter copy (DJL's
 * counts every device's update of a parameter). As DJL's, {@code optClipGrad} bounds the gradient
 * from above only (PyTorch engine). The estimator's default optimizer.
 */
public final class Adam extends SlotOptimizer {
  private static final List<String> SLOTS = List.of("mean", "variance");

  private final float beta1;
  private final float beta2;
  private final float epsilon;

  private Adam(Builder builder) {
    super(builder, SLOTS);
    this.beta1 = builder.beta1;
    this.beta2 = builder.beta2;
    this.epsilon = builder.epsilon;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    SlotState.Entry entry = state.next(parameterId, weight);
    int t = entry.steps;
    float lr = learningRate.getNewValue(parameterId, t);
    // In double, then rounded, as DJL computes it: the same float reaches the fused op.
    float correctedLr = (float) (lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t)));
    float weightDecay = getWeightDecay();
    Preconditions.checkArgument(
        Float.isFinite(correctedLr) && Float.isFinite(weightDecay),
        "learning rate or weight decay is nan or infinite");
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
            false);
  }

  /** Builds an {@link Adam}; defaults as DJL's and the paper's. */
  public static final class Builder extends SlotBuilder<Builder> {
    private float beta1 = 0.9f;
    private float beta2 = 0.999f;
    private float epsilon = 1e-8f;

    private Builder() {
      super(0.001f);
    }

    public Builder betas(float beta1, float beta2) {
      this.beta1 = beta1;
      this.beta2 = beta2;
      return this;
    }

    public Builder epsilon(float epsilon) {
      this.epsilon = epsilon;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    public Adam build() {
      return new Adam(this);
    }
  }
}

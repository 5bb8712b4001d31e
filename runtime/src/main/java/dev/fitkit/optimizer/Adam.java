package dev.fitkit.optimizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.List;

/**
 * Adam (Kingma and Ba) with state a checkpoint can hold: the same update as DJL's Adam, written
 * with plain array operations so that its moments and step counts are {@link StatefulOptimizer
 * state}. The estimator's default optimizer.
 */
public final class Adam extends SlotOptimizer {
  private final float beta1;
  private final float beta2;
  private final float epsilon;

  private Adam(Builder builder) {
    super(builder, List.of("mean", "variance"));
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
    NDArray mean = entry.slots[0];
    NDArray variance = entry.slots[1];
    try (NDScope scope = new NDScope()) {
      NDArray g = Gradients.prepare(grad, weight, rescaleGrad, clipGrad, getWeightDecay());
      Gradients.clear(weight);
      mean.muli(beta1).addi(g.mul(1 - beta1));
      variance.muli(beta2).addi(g.square().muli(1 - beta2));
      double step = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
      weight.subi(mean.div(variance.sqrt().addi(epsilon)).muli(step));
    }
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

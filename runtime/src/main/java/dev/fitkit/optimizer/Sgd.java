package dev.fitkit.optimizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.List;

/**
 * Stochastic gradient descent with optional momentum, with state a checkpoint can hold: DJL's Sgd,
 * the engine's fused update with DJL's arguments, except that its momentum and step counts are
 * {@link StatefulOptimizer state}. As in DJL, the momentum holds learning-rate-scaled steps ({@code
 * m = momentum * m + lr * g; w -= m}), and {@code optClipGrad} bounds the gradient from above only
 * (PyTorch engine).
 */
public final class Sgd extends SlotOptimizer {
  private final float momentum;

  private Sgd(Builder builder) {
    super(builder, builder.momentum == 0 ? List.of() : List.of("momentum"));
    this.momentum = builder.momentum;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    SlotState.Entry entry = state.next(parameterId, weight);
    float lr = learningRate.getNewValue(parameterId, entry.steps);
    NDList inputs =
        momentum == 0 ? new NDList(weight, grad) : new NDList(weight, grad, entry.slots[0]);
    weight
        .getNDArrayInternal()
        .sgdUpdate(
            inputs,
            new NDList(weight),
            lr,
            getWeightDecay(),
            rescaleGrad,
            clipGrad,
            momentum,
            true);
  }

  /** Builds an {@link Sgd}. */
  public static final class Builder extends SlotBuilder<Builder> {
    private float momentum;

    private Builder() {
      super(0.01f);
    }

    /** 0 (the default) for plain SGD. */
    public Builder momentum(float momentum) {
      this.momentum = momentum;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    public Sgd build() {
      return new Sgd(this);
    }
  }
}

package dev.fitkit.optimizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.List;

/** Stochastic gradient descent with optional momentum, with state a checkpoint can hold. */
public final class Sgd extends SlotOptimizer {
  private final float momentum;

  private Sgd(Builder builder) {
    super(builder, List.of("momentum"));
    this.momentum = builder.momentum;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    SlotState.Entry entry = state.next(parameterId, weight);
    float lr = learningRate.getNewValue(parameterId, entry.steps);
    try (NDScope scope = new NDScope()) {
      NDArray g = Gradients.prepare(grad, weight, rescaleGrad, clipGrad, getWeightDecay());
      Gradients.clear(weight);
      if (momentum == 0) {
        weight.subi(g.muli(lr));
      } else {
        NDArray velocity = entry.slots[0];
        velocity.muli(momentum).addi(g);
        weight.subi(velocity.mul(lr));
      }
    }
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

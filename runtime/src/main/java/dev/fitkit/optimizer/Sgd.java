package dev.fitkit.optimizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import java.util.function.UnaryOperator;

/** Stochastic gradient descent with optional momentum, with state a checkpoint can hold. */
public final class Sgd extends Optimizer implements StatefulOptimizer {
  private final Tracker learningRate;
  private final float momentum;
  private final SlotState state = new SlotState(List.of("momentum"));

  private Sgd(Builder builder) {
    super(builder);
    this.learningRate = builder.learningRate;
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

  @Override
  public byte[] saveState(UnaryOperator<String> nameOf) {
    return state.save(nameOf);
  }

  @Override
  public void loadState(byte[] saved, NDManager manager, UnaryOperator<String> idOf) {
    state.load(saved, manager, idOf);
  }

  /** Builds an {@link Sgd}. */
  public static final class Builder extends OptimizerBuilder<Builder> {
    private Tracker learningRate = Tracker.fixed(0.01f);
    private float momentum;

    private Builder() {}

    public Builder learningRate(Tracker learningRate) {
      this.learningRate = learningRate;
      return this;
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

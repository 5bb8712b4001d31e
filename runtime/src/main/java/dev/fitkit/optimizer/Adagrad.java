package dev.fitkit.optimizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.List;

/**
 * AdaGrad (Duchi, Hazan and Singer) with state a checkpoint can hold: DJL's Adagrad, with its sum
 * of squared gradients and step counts as {@link StatefulOptimizer state}. DJL 0.36's Adagrad runs
 * on no engine fitkit uses: it makes the gradient row-sparse, which the PyTorch engine refuses
 * ("Only COO sparse type supported"), and that engine has no fused AdaGrad op either. This
 * computes, operation for operation, MXNet's {@code adagrad_update}, the op DJL's Adagrad calls
 * with its arguments, and applies the step through {@link FusedStep}: with {@code g =
 * clip(rescaleGrad * grad)}, {@code h += g²}, {@code w -= lr * g / sqrt(h + epsilon)}.
 *
 * <p>That op refuses weight decay; here a weight decay is added to the clipped gradient ({@code g
 * += weightDecay * w}, before {@code h}), the formula DJL's Adagrad documents. As in that op,
 * {@code optClipGrad(c)} clips to {@code [-c, c]} (the PyTorch engine's fused Adam and SGD bound
 * the gradient from above only).
 */
public final class Adagrad extends SlotOptimizer {
  private final float epsilon;

  private Adagrad(Builder builder) {
    super(builder, List.of("history"));
    this.epsilon = builder.epsilon;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    SlotState.Entry entry = state.next(parameterId, weight);
    float lr = learningRate.getNewValue(parameterId, entry.steps);
    float weightDecay = getWeightDecay();
    checkFinite(lr, weightDecay);
    // Every temporary is closed with the scope; the history, created before it, is kept.
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray g = clipped(grad.mul(rescaleGrad));
      if (weightDecay != 0) {
        g.addi(weight.mul(weightDecay));
      }
      NDArray history = entry.slots[0];
      history.addi(g.mul(g));
      FusedStep.descend(weight, g.div(history.add(epsilon).sqrt()), lr);
    }
  }

  /** Builds an {@link Adagrad}; defaults as DJL's. */
  public static final class Builder extends SlotBuilder<Builder> {
    private float epsilon = 1e-8f;

    private Builder() {
      super(0.001f);
    }

    /** Added under the square root, for numerical stability (1e-8). */
    public Builder epsilon(float epsilon) {
      this.epsilon = epsilon;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    public Adagrad build() {
      return new Adagrad(this);
    }
  }
}

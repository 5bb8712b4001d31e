package dev.fitkit.optimizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.List;

/**
 * Nesterov accelerated gradient with state a checkpoint can hold: DJL's Nag, with its momentum and
 * step counts as {@link StatefulOptimizer state}. DJL 0.36's PyTorch engine has no fused NAG op
 * (DJL's Nag fails there with "Not implemented"), so this computes, operation for operation,
 * MXNet's {@code nag_mom_update}, the op DJL's Nag calls with its arguments, and applies the step
 * through {@link FusedStep}. With {@code g = clip(rescaleGrad * grad) + weightDecay * weight}:
 * {@code m = momentum * m - lr * g}, {@code w += momentum * m - lr * g}. The momentum holds
 * learning-rate-scaled steps, as {@link Sgd}'s, but with the sign of a step (Sgd's is subtracted).
 *
 * <p>As in that op: {@code optClipGrad(c)} clips to {@code [-c, c]} (the PyTorch engine's fused
 * Adam and SGD bound the gradient from above only); and, since the op writes the weight in place
 * before it updates the momentum, the momentum's {@code weightDecay * weight} term reads the weight
 * after the step.
 */
public final class Nag extends SlotOptimizer {
  private final float momentum;

  private Nag(Builder builder) {
    super(builder, List.of("nesterovMomentum"));
    this.momentum = builder.momentum;
  }

  /** A builder with no defaults: as DJL's, it needs a learning rate and a momentum. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    SlotState.Entry entry = state.next(parameterId, weight);
    float lr = learningRate.getNewValue(parameterId, entry.steps);
    float weightDecay = getWeightDecay();
    checkFinite(lr, weightDecay);
    // Every temporary is closed with the scope; the momentum, created before it, is kept.
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray g = clipped(grad.mul(rescaleGrad));
      NDArray m = entry.slots[0].muli(momentum);
      NDArray lookAhead = m.sub(g.add(weight.mul(weightDecay)).muli(lr)).muli(momentum + 1);
      // w = (w - m) + (momentum + 1) * (m - lr * g), summed in the op's order, one sum a step.
      FusedStep.descend(weight, m, 1f);
      FusedStep.descend(weight, lookAhead.neg(), 1f);
      // The op writes the weight in place before it updates the momentum, whose weight decay
      // term so reads the weight after the step.
      m.subi(g.addi(weight.mul(weightDecay)).muli(lr));
    }
  }

  /** Builds a {@link Nag}. */
  public static final class Builder extends SlotBuilder<Builder> {
    private float momentum;

    private Builder() {}

    /** The decay of the momentum; required, and not 0 ({@link Sgd} is NAG without momentum). */
    public Builder momentum(float momentum) {
      this.momentum = momentum;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Builds the {@link Nag}.
     *
     * @throws IllegalArgumentException without a learning rate or a momentum
     */
    public Nag build() {
      if (!hasLearningRate()) {
        throw new IllegalArgumentException("Nag needs a learning rate: set learningRate(...)");
      }
      if (momentum == 0) {
        throw new IllegalArgumentException(
            "Nag needs a momentum: set momentum(...), or use Sgd for gradient descent without one");
      }
      return new Nag(this);
    }
  }
}

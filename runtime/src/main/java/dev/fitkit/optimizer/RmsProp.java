package dev.fitkit.optimizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.List;

/**
 * RMSProp with state a checkpoint can hold: DJL's RmsProp, in both its versions, with its averages,
 * momentum and step counts as {@link StatefulOptimizer state}. DJL 0.36's PyTorch engine has no
 * fused RMSProp op (DJL's RmsProp fails there with "Not implemented"), so this computes, operation
 * for operation, the MXNet ops DJL's RmsProp calls with its arguments, and applies the step through
 * {@link FusedStep}. With {@code g = clip(rescaleGrad * grad + weightDecay * weight)}:
 *
 * <ul>
 *   <li>not centered (Tieleman and Hinton, the default; MXNet's {@code rmsprop_update}): {@code n =
 *       rho * n + (1 - rho) * g²}, {@code w -= lr * g / sqrt(n + epsilon)};
 *   <li>centered (Graves; {@code rmspropalex_update}): also {@code m = rho * m + (1 - rho) * g},
 *       {@code delta = momentum * delta - lr * g / sqrt(n - m² + epsilon)}, {@code w += delta}.
 * </ul>
 *
 * As in those ops, weight decay is added before clipping, and {@code optClipGrad(c)} clips to
 * {@code [-c, c]} (the PyTorch engine's fused Adam and SGD bound the gradient from above only).
 */
public final class RmsProp extends SlotOptimizer {
  private final float rho;
  private final float momentum;
  private final float epsilon;
  private final boolean centered;

  private RmsProp(Builder builder) {
    super(
        builder,
        builder.centered ? List.of("meanSquare", "mean", "momentum") : List.of("meanSquare"));
    this.rho = builder.rho;
    this.momentum = builder.momentum;
    this.epsilon = builder.epsilon;
    this.centered = builder.centered;
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
    // Every temporary is closed with the scope; the slots, created before it, are kept.
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray g = clipped(grad.mul(rescaleGrad).addi(weight.mul(weightDecay)));
      // Each product is grouped as its MXNet op groups it, so each rounds as it does there.
      NDArray meanSquare = entry.slots[0].muli(rho);
      if (!centered) {
        meanSquare.addi(g.mul(g).muli(1 - rho));
        FusedStep.descend(weight, g.div(meanSquare.add(epsilon).sqrt()), lr);
        return;
      }
      meanSquare.addi(g.mul(1 - rho).muli(g));
      NDArray mean = entry.slots[1].muli(rho).addi(g.mul(1 - rho));
      NDArray root = meanSquare.sub(mean.mul(mean)).addi(epsilon).sqrt();
      NDArray delta = entry.slots[2].muli(momentum).subi(g.mul(lr).divi(root));
      FusedStep.descend(weight, delta.neg(), 1f);
    }
  }

  /** Builds an {@link RmsProp}; defaults as DJL's. */
  public static final class Builder extends SlotBuilder<Builder> {
    private float rho = 0.9f;
    private float momentum = 0.9f;
    private float epsilon = 1e-8f;
    private boolean centered;

    private Builder() {
      super(0.001f);
    }

    /** The decay of the moving averages of the gradient and its square (0.9). */
    public Builder rho(float rho) {
      this.rho = rho;
      return this;
    }

    /** The decay of the centered version's momentum (0.9); the other version has none. */
    public Builder momentum(float momentum) {
      this.momentum = momentum;
      return this;
    }

    /** Added under the square root, for numerical stability (1e-8). */
    public Builder epsilon(float epsilon) {
      this.epsilon = epsilon;
      return this;
    }

    /** Graves' centered version rather than Tieleman and Hinton's (false, the default). */
    public Builder centered(boolean centered) {
      this.centered = centered;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    public RmsProp build() {
      return new RmsProp(this);
    }
  }
}

package dev.fitkit.optimizer;

/**
 * Adam (Kingma and Ba) with state a checkpoint can hold: DJL's Adam, the engine's fused update with
 * DJL's arguments and bias correction, except that its moments and step counts are {@link
 * StatefulOptimizer state}. Its bias correction counts the steps of each parameter copy (DJL's
 * counts every device's update of a parameter). As DJL's, {@code optClipGrad} bounds the gradient
 * from above only (PyTorch engine), and weight decay is added to the gradient (L2 regularization;
 * {@link AdamW} decouples it). The estimator's default optimizer.
 */
public final class Adam extends AdaptiveMoments {

  private Adam(Builder builder) {
    super(builder, false);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link Adam}; defaults as DJL's and the paper's. */
  public static final class Builder extends MomentBuilder<Builder> {
    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    public Adam build() {
      return new Adam(this);
    }
  }
}

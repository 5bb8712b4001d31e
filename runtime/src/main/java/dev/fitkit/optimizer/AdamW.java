package dev.fitkit.optimizer;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter) and state a checkpoint can hold: DJL's
 * AdamW, the engine's fused Adam update in its AdamW mode with DJL's arguments, except that its
 * moments and step counts are {@link StatefulOptimizer state}. As in DJL, each step first shrinks
 * the weight by {@code lr * weightDecay * weight}, with the step's scheduled rate before bias
 * correction, then takes Adam's step on the gradient alone; weight decay defaults to 0.01, as
 * DJL's. Bias correction counts the steps of each parameter copy, as fitkit's {@link Adam}, and
 * {@code optClipGrad} bounds the gradient from above only (PyTorch engine).
 */
public final class AdamW extends AdaptiveMoments {

  private AdamW(Builder builder) {
    super(builder, true);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link AdamW}; defaults as DJL's: Adam's, and a weight decay of 0.01. */
  public static final class Builder extends MomentBuilder<Builder> {
    private Builder() {
      optWeightDecays(0.01f);
    }

    @Override
    protected Builder self() {
      return this;
    }

    public AdamW build() {
      return new AdamW(this);
    }
  }
}

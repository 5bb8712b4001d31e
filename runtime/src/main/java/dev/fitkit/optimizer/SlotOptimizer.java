package dev.fitkit.optimizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Preconditions;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An optimizer whose state is per-parameter slots, saved and restored as {@link SlotState}, and
 * whose update is the engine's fused one, as DJL's optimizers do; where the engine has none, the
 * step is computed with engine operations and applied through its fused SGD op ({@link FusedStep}).
 * In the PyTorch engine a fused update also zeroes the weight's own gradient ({@code grad.zero_()},
 * which clears NaN and infinities too); the gradient an optimizer is handed is DJL's copy of it,
 * summed over devices, so only an update through the weight can clear it. Rescale, clip and weight
 * decay are DJL's arguments with DJL's meaning: the PyTorch engine's fused Adam and SGD ops clip
 * the gradient from above only; the composed updates clip it to {@code [-c, c]}, as the MXNet ops
 * DJL calls for them do.
 */
abstract class SlotOptimizer extends Optimizer implements StatefulOptimizer {
  protected final Tracker learningRate;
  protected final SlotState state;

  SlotOptimizer(SlotBuilder<?> builder, List<String> slots) {
    super(builder);
    this.learningRate = builder.learningRate;
    this.state = new SlotState(slots);
  }

  @Override
  public byte[] saveState(UnaryOperator<String> nameOf) {
    return state.save(nameOf);
  }

  @Override
  public void loadState(byte[] saved, NDManager manager, UnaryOperator<String> idOf) {
    state.load(saved, manager, idOf);
  }

  /** DJL's check before a step, with DJL's message. */
  static void checkFinite(float learningRate, float weightDecay) {
    Preconditions.checkArgument(
        Float.isFinite(learningRate) && Float.isFinite(weightDecay),
        "learning rate or weight decay is nan or infinite");
  }

  /**
   * {@code g} clipped to {@code [-clipGrad, clipGrad]} when a clip is set, as the MXNet ops the
   * composed updates follow do (the PyTorch engine's fused ops bound from above only).
   */
  NDArray clipped(NDArray g) {
    return clipGrad >= 0 ? g.clip(-clipGrad, clipGrad) : g;
  }

  /** Options every slot optimizer has. */
  abstract static class SlotBuilder<B extends SlotBuilder<B>> extends OptimizerBuilder<B> {
    private Tracker learningRate;

    SlotBuilder(float defaultLearningRate) {
      this.learningRate = Tracker.fixed(defaultLearningRate);
    }

    /** No default rate: the optimizer's build requires one, as its DJL counterpart's does. */
    SlotBuilder() {}

    /** A fixed rate, a DJL schedule, or a fitkit {@code LearningRate} the estimator can report. */
    public B learningRate(Tracker learningRate) {
      this.learningRate = learningRate;
      return self();
    }

    final boolean hasLearningRate() {
      return learningRate != null;
    }
  }
}

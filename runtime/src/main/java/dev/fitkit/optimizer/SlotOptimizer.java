package dev.fitkit.optimizer;

import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import java.util.function.UnaryOperator;

/** An optimizer whose state is per-parameter slots, saved and restored as {@link SlotState}. */
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

  /** Options every slot optimizer has. */
  abstract static class SlotBuilder<B extends SlotBuilder<B>> extends OptimizerBuilder<B> {
    private Tracker learningRate;

    SlotBuilder(float defaultLearningRate) {
      this.learningRate = Tracker.fixed(defaultLearningRate);
    }

    /** A fixed rate, a DJL schedule, or a fitkit {@code LearningRate} the estimator can report. */
    public B learningRate(Tracker learningRate) {
      this.learningRate = learningRate;
      return self();
    }
  }
}

package dev.fitkit.testsupport;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.annotations.OnTrainBegin;
import dev.fitkit.event.TrainBegin;
import dev.fitkit.spi.StatefulHandler;

/** Counts the run's batches; its count survives checkpoints, as the state contract says. */
@FitHandler(id = "test.batch-counter", autoLoad = false)
public final class BatchCounter implements StatefulHandler<BatchCounter.State> {
  /** The saved state. */
  public record State(long batches) {}

  long batches;

  @OnTrainBegin
  void trainBegin(TrainBegin event) {
    if (!event.resumed()) {
      batches = 0;
    }
  }

  @OnBatchEnd
  void batchEnd() {
    batches++;
  }

  @Override
  public Class<State> stateType() {
    return State.class;
  }

  @Override
  public State saveState() {
    return new State(batches);
  }

  @Override
  public void restoreState(State state) {
    batches = state.batches();
  }
}

package dev.fitkit.checkpoint;

import com.google.gson.JsonElement;
import java.util.List;
import java.util.Map;

/**
 * Where a run was when it was saved, and everything besides arrays needed to go on from there.
 * Written as JSON inside the checkpoint.
 *
 * @param format this layout's version
 * @param epoch the epoch in progress, 0-based
 * @param batchesInEpoch batches of that epoch completed
 * @param epochComplete whether the epoch had ended (validated, recorded) when saved
 * @param globalStep training batches completed over the run
 * @param maxEpochs the budget's epoch limit ({@code Long.MAX_VALUE} for a batch budget)
 * @param maxBatches the budget's batch limit ({@code Long.MAX_VALUE} for an epoch budget)
 * @param outcome null while the run can go on; COMPLETED or STOPPED once it ended for good
 * @param seed the run's random seed, null when none was set
 * @param learningRateFactor the factor of the estimator's learning rate (plateau reductions)
 * @param inputShapes the shapes the network was initialized with
 * @param history the epochs recorded so far
 * @param handlers the state of each stateful handler, by handler id
 */
public record RunState(
    int format,
    int epoch,
    long batchesInEpoch,
    boolean epochComplete,
    long globalStep,
    long maxEpochs,
    long maxBatches,
    String outcome,
    Long seed,
    float learningRateFactor,
    List<long[]> inputShapes,
    List<HistoryEntry> history,
    Map<String, JsonElement> handlers) {

  public static final int FORMAT = 1;

  /** The epoch a resumed run starts in. */
  public int resumeEpoch() {
    return epochComplete ? epoch + 1 : epoch;
  }

  /** Batches of {@link #resumeEpoch()} already trained, which a resumed run skips. */
  public long resumeSkip() {
    return epochComplete ? 0 : batchesInEpoch;
  }

  /** Epochs whose end was reached. */
  public int epochsCompleted() {
    return resumeEpoch();
  }

  public RunState withOutcome(String outcome) {
    return new RunState(
        format,
        epoch,
        batchesInEpoch,
        epochComplete,
        globalStep,
        maxEpochs,
        maxBatches,
        outcome,
        seed,
        learningRateFactor,
        inputShapes,
        history,
        handlers);
  }

  /** One epoch of the history, in a form JSON can hold. */
  public record HistoryEntry(
      int epoch, long batches, double learningRate, Map<String, Double> metrics, long nanos) {}
}

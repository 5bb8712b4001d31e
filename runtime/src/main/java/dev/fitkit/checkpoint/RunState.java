package dev.fitkit.checkpoint;

import com.google.gson.JsonElement;
import dev.fitkit.BatchRecord;
import dev.fitkit.Outcome;
import java.util.List;
import java.util.Map;

/**
 * Where a run was when it was saved, and everything besides arrays needed to go on from there.
 * Written as JSON inside the checkpoint.
 *
 * @param format this layout's version
 * @param epoch the epoch in progress (or just ended, see {@code epochEnded}), 0-based
 * @param batchesInEpoch batches of that epoch trained
 * @param epochEnded whether that epoch had ended, all its batches trained, validated and recorded:
 *     a resume starts the next epoch; otherwise it continues this one after its trained batches
 * @param stepsCompleted training batches trained over the run
 * @param validated whether a validation pass completed during the epoch (for an epoch that goes on)
 * @param validationOwed whether a validation pass between batches was cut short, so a resume runs
 *     it before its first batch
 * @param outcome null while the run can go on; COMPLETED or STOPPED once it ended, FAILED never
 * @param seed the run's random seed, null when none was set
 * @param learningRateFactor the factor of the estimator's learning rate (plateau reductions)
 * @param learningRateUpdate the optimizer's latest update count, where the schedule is read
 * @param inputShapes the shapes the network was initialized with
 * @param metrics the metric values published so far ("train loss", "validation accuracy", ...)
 * @param history the epochs that ended
 * @param batches the batches recorded, when the history handler records batches
 * @param handlers the state of each stateful handler, by handler id
 */
public record RunState(
    int format,
    int epoch,
    long batchesInEpoch,
    boolean epochEnded,
    long stepsCompleted,
    boolean validated,
    boolean validationOwed,
    Outcome outcome,
    Long seed,
    float learningRateFactor,
    int learningRateUpdate,
    List<long[]> inputShapes,
    Map<String, Double> metrics,
    List<HistoryEntry> history,
    List<BatchRecord> batches,
    Map<String, JsonElement> handlers) {

  /** Version 2: positions that never call a cut-short epoch ended, metrics, batch records. */
  public static final int FORMAT = 2;

  /** Epochs that ended before the saved point: also the epoch a resumed run starts in. */
  public int epochsCompleted() {
    return epochEnded ? epoch + 1 : epoch;
  }

  /** Batches of the epoch a resumed run starts in already trained, which it skips. */
  public long resumeSkip() {
    return epochEnded ? 0 : batchesInEpoch;
  }

  public RunState withOutcome(Outcome outcome) {
    return new RunState(
        format,
        epoch,
        batchesInEpoch,
        epochEnded,
        stepsCompleted,
        validated,
        validationOwed,
        outcome,
        seed,
        learningRateFactor,
        learningRateUpdate,
        inputShapes,
        metrics,
        history,
        batches,
        handlers);
  }

  /** One epoch of the history, in a form JSON can hold. */
  public record HistoryEntry(
      int epoch, long batches, double learningRate, Map<String, Double> metrics, long nanos) {}
}

package dev.fitkit.testing;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchBegin;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.annotations.OnEpochBegin;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.annotations.OnTrainBegin;
import dev.fitkit.annotations.OnTrainEnd;
import dev.fitkit.annotations.OnValidationBatchEnd;
import dev.fitkit.annotations.OnValidationBegin;
import dev.fitkit.annotations.OnValidationEnd;
import dev.fitkit.event.BatchBegin;
import dev.fitkit.event.BatchEnd;
import dev.fitkit.event.EpochEnd;
import dev.fitkit.event.TrainEnd;
import dev.fitkit.event.ValidationBatchEnd;

/** Writes one line per event it sees, to check what the loop fires and when. */
@FitHandler(id = "test.recorder", autoLoad = false)
public final class EventRecorder {
  private final Recorded out;

  public EventRecorder(Recorded out) {
    this.out = out;
  }

  @OnTrainBegin
  void trainBegin() {
    out.add("train begin");
  }

  @OnEpochBegin
  void epochBegin() {
    out.add("epoch begin");
  }

  @OnBatchBegin
  void batchBegin(BatchBegin e) {
    out.add("batch begin " + e.epoch() + "/" + e.batchIndex());
  }

  @OnBatchEnd
  void batchEnd(BatchEnd e) {
    out.add(
        "batch end "
            + e.epoch()
            + "/"
            + e.batchIndex()
            + " step "
            + e.globalStep()
            + " size "
            + e.batchSize());
  }

  @OnValidationBegin
  void validationBegin() {
    out.add("validation begin");
  }

  @OnValidationBatchEnd
  void validationBatch(ValidationBatchEnd e) {
    out.add("validation batch " + e.batchIndex());
  }

  @OnValidationEnd
  void validationEnd() {
    out.add("validation end");
  }

  @OnEpochEnd
  void epochEnd(EpochEnd e) {
    out.add("epoch end " + e.epoch() + " batches " + e.batchesInEpoch());
  }

  @OnTrainEnd
  void trainEnd(TrainEnd e) {
    out.add("train end " + e.outcome());
  }
}

package dev.fitkit.testsupport;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.annotations.OnTrainBegin;
import dev.fitkit.annotations.OnTrainEnd;
import dev.fitkit.annotations.OnValidationEnd;
import dev.fitkit.event.EpochEnd;
import dev.fitkit.event.TrainBegin;
import dev.fitkit.event.TrainEnd;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes down the events it sees, as a pack's handler under test would act on them. */
@FitHandler(id = "test.recorder", autoLoad = false)
public final class Recorder {
  final List<String> events = new ArrayList<>();

  @OnTrainBegin
  void trainBegin(TrainBegin event) {
    events.add(event.resumed() ? "resumed" : "begin");
  }

  @OnValidationEnd
  void validationEnd() {
    events.add("validated");
  }

  @OnEpochEnd
  void epochEnd(EpochEnd event) {
    events.add(
        "epoch "
            + event.epoch()
            + " lr "
            + String.format(Locale.ROOT, "%.2f", event.learningRate()));
  }

  @OnTrainEnd
  void trainEnd(TrainEnd event) {
    events.add("end " + event.outcome());
  }
}

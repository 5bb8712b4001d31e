package dev.fitkit.tuning;

import ai.djl.training.tracker.Tracker;
import dev.fitkit.LearningRate;
import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchBegin;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.annotations.OnTrainBegin;
import dev.fitkit.annotations.Priority;
import dev.fitkit.event.BatchBegin;
import dev.fitkit.event.BatchEnd;
import dev.fitkit.event.TrainBegin;
import dev.fitkit.handlers.support.LearningRates;
import dev.fitkit.handlers.support.Numbers;
import java.util.ArrayList;
import java.util.List;

/**
 * The range test inside a trial run: before each batch it sets the learning rate of that batch,
 * after it records the smoothed loss, and it stops the run when the loss diverges. What it changes
 * (the learning rate, the weights) the trial puts back.
 */
@FitHandler(id = RangeTest.ID, autoLoad = false)
final class RangeTest {
  static final String ID = "fitkit.learning-rate-finder";

  private final LearningRateFinder finder;
  private final List<Double> rates = new ArrayList<>();
  private final List<Double> losses = new ArrayList<>();
  private LearningRate learningRate;
  private SmoothedLoss smoothed;
  private float rate;
  private String stopReason;

  RangeTest(LearningRateFinder finder) {
    this.finder = finder;
  }

  @OnTrainBegin
  void begin(TrainBegin event) {
    learningRate = LearningRates.require(event, ID);
    learningRate.setFactor(1f); // the rates are the test's own, whatever a plateau handler left
    smoothed = new SmoothedLoss(finder.smoothing());
    rates.clear();
    losses.clear();
    stopReason = null;
  }

  @OnBatchBegin
  void setRate(BatchBegin event) {
    rate = (float) finder.rateAt(event.globalStep());
    learningRate.setSchedule(Tracker.fixed(rate));
  }

  /** Before the optimizer step, so a non-finite loss can keep its gradients out of the weights. */
  @OnBatchEnd(priority = Priority.GRADIENT_UPDATE - 50)
  void record(BatchEnd event) {
    double loss = event.meanLoss();
    if (!Double.isFinite(loss)) {
      event.skipUpdate("the range test ends at a loss that is not finite");
      stop(event, "the loss was " + loss + " at learning rate " + LearningRateFinder.format(rate));
      return;
    }
    double value = smoothed.add(loss);
    rates.add((double) rate);
    losses.add(value);
    if (smoothed.exceedsBest(finder.divergence())) {
      stop(
          event,
          "the smoothed loss "
              + Numbers.format(value)
              + " at learning rate "
              + LearningRateFinder.format(rate)
              + " exceeded "
              + Numbers.format(finder.divergence())
              + " times the best, "
              + Numbers.format(smoothed.best()));
    }
  }

  private void stop(BatchEnd event, String reason) {
    stopReason = reason;
    event.requestStop(reason);
  }

  List<Double> rates() {
    return List.copyOf(rates);
  }

  List<Double> losses() {
    return List.copyOf(losses);
  }

  /** Why the test ended before its last batch, or null. */
  String stopReason() {
    return stopReason;
  }
}

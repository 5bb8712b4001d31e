package dev.fitkit.handlers.support;

import dev.fitkit.FitConfigurationException;
import dev.fitkit.LearningRate;
import dev.fitkit.event.FitEvent;

/** Access to the learning rate for handlers that change it. */
public final class LearningRates {
  private LearningRates() {}

  /**
   * The fit's {@link LearningRate}; fails with the fix when the estimator was built without one.
   */
  public static LearningRate require(FitEvent event, String handlerId) {
    return event
        .context()
        .learningRateControl()
        .orElseThrow(
            () ->
                new FitConfigurationException(
                    "Handler "
                        + handlerId
                        + " changes the learning rate, but the estimator has no LearningRate to"
                        + " change: build the optimizer with a LearningRate and pass it to"
                        + " Estimator.builder().learningRate(lr), e.g. LearningRate lr ="
                        + " LearningRate.fixed(0.01f);"
                        + " Optimizer.sgd().setLearningRateTracker(lr).build(). (Without an"
                        + " optimizer, the estimator's default Adam has one.)"));
  }
}

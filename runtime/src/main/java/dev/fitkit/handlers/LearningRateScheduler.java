package dev.fitkit.handlers;

import ai.djl.training.tracker.Tracker;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnEpochBegin;
import dev.fitkit.annotations.OnTrainBegin;
import dev.fitkit.event.EpochBegin;
import dev.fitkit.event.TrainBegin;
import dev.fitkit.handlers.support.LearningRates;
import dev.fitkit.options.HandlerOptions;
import dev.fitkit.options.OptionSource;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.function.IntToDoubleFunction;

/**
 * Sets the learning rate from a schedule: a function of the epoch, applied as each epoch begins
 * (Keras' {@code LearningRateScheduler}), or a DJL {@link Tracker} of the optimizer's update count,
 * installed at train begin. Either way it replaces the schedule of the estimator's {@link
 * dev.fitkit.LearningRate}; a factor set by {@link ReduceLROnPlateau} still applies on top.
 *
 * <pre>{@code
 * LearningRateScheduler.perEpoch(epoch -> 0.1 * Math.pow(0.5, epoch))
 * LearningRateScheduler.perStep(Tracker.cosine().setBaseValue(0.1f).optFinalValue(0.001f).setMaxUpdates(1000).build())
 * }</pre>
 *
 * DJL numbers optimizer updates from 1, and keeps counting across fits of the same estimator.
 *
 * <p>Through Guice: bind an {@code IntToDoubleFunction} or a {@code Tracker} named {@code
 * fitkit.learning-rate-scheduler.schedule}.
 */
@FitHandler(id = LearningRateScheduler.ID, autoLoad = false)
public final class LearningRateScheduler {
  static final String ID = "fitkit.learning-rate-scheduler";
  private static final Set<String> OPTIONS = Set.of("schedule");

  private final IntToDoubleFunction perEpoch;
  private final Tracker perStep;

  private LearningRateScheduler(IntToDoubleFunction perEpoch, Tracker perStep) {
    this.perEpoch = perEpoch;
    this.perStep = perStep;
  }

  /** Reads {@code fitkit.learning-rate-scheduler.schedule}: an IntToDoubleFunction or a Tracker. */
  @Inject
  LearningRateScheduler(OptionSource options) {
    this(fromSettings(options.read(ID, OPTIONS)));
  }

  private LearningRateScheduler(LearningRateScheduler configured) {
    this(configured.perEpoch, configured.perStep);
  }

  private static LearningRateScheduler fromSettings(HandlerOptions s) {
    Object schedule =
        s.object("schedule")
            .orElseThrow(
                () ->
                    s.missing(
                        "schedule",
                        "binder.bind(IntToDoubleFunction.class).annotatedWith(Names.named(\"fitkit.learning-rate-scheduler.schedule\")).toInstance(epoch"
                            + " -> 0.1 / (1 + epoch))"));
    if (schedule instanceof Tracker tracker) {
      return perStep(tracker);
    }
    if (schedule instanceof IntToDoubleFunction function) {
      return perEpoch(function);
    }
    throw new FitConfigurationException(
        "The option "
            + ID
            + ".schedule must be an IntToDoubleFunction (epoch -> learning rate) or a"
            + " DJL Tracker (update -> learning rate), got "
            + schedule.getClass().getName());
  }

  /** The learning rate of each epoch, 0-based: {@code epoch -> rate}. */
  public static LearningRateScheduler perEpoch(IntToDoubleFunction schedule) {
    if (schedule == null) {
      throw new IllegalArgumentException("perEpoch needs a schedule: epoch -> learning rate");
    }
    return new LearningRateScheduler(schedule, null);
  }

  /** A DJL schedule of the optimizer's update count (warm-up, cosine, factor, ...). */
  public static LearningRateScheduler perStep(Tracker schedule) {
    if (schedule == null) {
      throw new IllegalArgumentException(
          "perStep needs a schedule: a DJL Tracker such as Tracker.cosine()...build()");
    }
    return new LearningRateScheduler(null, schedule);
  }

  @OnTrainBegin
  void install(TrainBegin event) {
    var learningRate = LearningRates.require(event, ID);
    if (perStep != null) {
      learningRate.setSchedule(perStep);
    }
  }

  @OnEpochBegin
  void apply(EpochBegin event) {
    if (perEpoch == null) {
      return;
    }
    double rate = perEpoch.applyAsDouble(event.epoch());
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      throw new FitConfigurationException(
          "The learning rate schedule gave "
              + rate
              + " for epoch "
              + event.epoch()
              + ": it must return a finite number, 0 or more");
    }
    LearningRates.require(event, ID).setSchedule(Tracker.fixed((float) rate));
  }
}

package dev.fitkit;

import ai.djl.training.tracker.Tracker;

/**
 * A learning rate the loop can read and handlers can change: a DJL {@link Tracker} (fixed or a
 * schedule) times a factor. Give it to the optimizer and to the estimator builder:
 *
 * <pre>{@code
 * LearningRate lr = LearningRate.fixed(0.001f);
 * Estimator.builder().optimizer(Optimizer.adam().optLearningRateTracker(lr).build()).learningRate(lr)
 * }</pre>
 *
 * DJL optimizers do not expose their learning rate, so this is how logs and history learn it.
 */
public final class LearningRate implements Tracker {
  private Tracker schedule;
  private float factor = 1f;
  private int lastUpdate;

  private LearningRate(Tracker schedule) {
    this.schedule = schedule;
  }

  /** A constant learning rate. */
  public static LearningRate fixed(float value) {
    return new LearningRate(Tracker.fixed(value));
  }

  /** A learning rate that follows a DJL schedule (factor, cosine, warm-up, ...). */
  public static LearningRate of(Tracker schedule) {
    return new LearningRate(schedule);
  }

  @Override
  public float getNewValue(int numUpdate) {
    lastUpdate = numUpdate;
    return valueAt(numUpdate);
  }

  /** The value the optimizer gets at its {@code numUpdate}-th update. */
  public float valueAt(int numUpdate) {
    return schedule.getNewValue(numUpdate) * factor;
  }

  /** The value at the optimizer's latest update. */
  public float current() {
    return valueAt(lastUpdate);
  }

  /** The schedule the factor applies to: the one given, or the latest {@link #setSchedule}. */
  public Tracker schedule() {
    return schedule;
  }

  /** Replaces the schedule; the factor set by {@link #scale} still applies. */
  public void setSchedule(Tracker schedule) {
    this.schedule = schedule;
  }

  /** Multiplies every future value by {@code by}; e.g. 0.1 when a plateau is reached. */
  public void scale(float by) {
    factor *= by;
  }

  /** The product of every {@link #scale} so far. */
  public float factor() {
    return factor;
  }

  /** Sets the factor outright, e.g. when a checkpoint is restored. */
  public void setFactor(float factor) {
    this.factor = factor;
  }

  /** The optimizer's latest update count, which {@link #current()} reads the schedule at. */
  public int lastUpdate() {
    return lastUpdate;
  }

  /** Puts back the latest update count, when a checkpoint is restored. */
  public void setLastUpdate(int lastUpdate) {
    this.lastUpdate = lastUpdate;
  }
}

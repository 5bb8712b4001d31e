package dev.fitkit.handlers;

import dev.fitkit.LearningRate;
import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.annotations.OnTrainBegin;
import dev.fitkit.event.EpochEnd;
import dev.fitkit.event.TrainBegin;
import dev.fitkit.handlers.support.Arguments;
import dev.fitkit.handlers.support.LearningRates;
import dev.fitkit.handlers.support.MonitorReader;
import dev.fitkit.handlers.support.Numbers;
import dev.fitkit.metric.Monitor;
import dev.fitkit.options.HandlerOptions;
import dev.fitkit.options.OptionSource;
import dev.fitkit.spi.StatefulHandler;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Multiplies the learning rate by {@code factor} when a monitored metric stops improving, with the
 * semantics of Keras' {@code ReduceLROnPlateau}: after {@code patience} epochs without an
 * improvement of more than {@code minDelta}, the rate is scaled (never below {@code minLr}), then
 * the next {@code cooldown} epochs do not count toward patience (as in PyTorch: in Keras, cooldown
 * 1 has no effect). As in Keras, patience 0 and 1 both reduce at the first epoch without
 * improvement. Each reduction is logged. It scales the estimator's {@link LearningRate}, so a
 * schedule under it keeps its shape; {@code minLr} is checked against the rate at the time of each
 * reduction.
 *
 * <pre>{@code
 * ReduceLROnPlateau.builder().monitor("validation loss").factor(0.5).patience(2).minLr(1e-5).build()
 * }</pre>
 *
 * Through Guice: constants named {@code fitkit.reduce-lr-on-plateau.<option>}: monitor, mode,
 * factor, patience, min-delta, cooldown, min-lr. The counters survive checkpoints as a {@link
 * State}; the rate's factor is the {@link LearningRate}'s to save.
 */
@FitHandler(id = ReduceLROnPlateau.ID, autoLoad = false)
public final class ReduceLROnPlateau implements StatefulHandler<ReduceLROnPlateau.State> {
  static final String ID = "fitkit.reduce-lr-on-plateau";
  private static final Set<String> OPTIONS =
      Set.of("monitor", "mode", "factor", "patience", "min-delta", "cooldown", "min-lr");
  // The rate is a float product: a rate this close to minLr has reached it.
  private static final double FLOOR_TOLERANCE = 1e-6;
  private static final Logger LOG = LoggerFactory.getLogger(ReduceLROnPlateau.class);

  private final Monitor monitor;
  private final MonitorReader reader;
  private final double factor;
  private final int patience;
  private final double minDelta;
  private final int cooldown;
  private final double minLr;

  private final String stateKey;

  private int wait;
  private double best;
  private int cooldownCounter;

  private ReduceLROnPlateau(Builder b) {
    this.stateKey = b.stateKey;
    this.monitor = Monitor.of(b.monitor, b.mode);
    this.reader = new MonitorReader(monitor);
    if (!(b.factor > 0 && b.factor < 1)) {
      throw new IllegalArgumentException(
          "factor must be between 0 and 1, both excluded (it multiplies the learning rate on each"
              + " plateau), got "
              + b.factor);
    }
    this.factor = b.factor;
    this.patience =
        (int)
            Arguments.atLeastZero(
                "patience", b.patience, "epochs without improvement before a reduction");
    this.minDelta = Arguments.distance("minDelta", b.minDelta);
    this.cooldown =
        (int) Arguments.atLeastZero("cooldown", b.cooldown, "epochs to wait after a reduction");
    if (!(b.minLr >= 0) || Double.isInfinite(b.minLr)) {
      throw new IllegalArgumentException(
          "minLr must be a finite number, 0 or more, got " + b.minLr);
    }
    this.minLr = b.minLr;
    this.best = monitor.worst();
  }

  /** Reads its options from Guice constants named {@code fitkit.reduce-lr-on-plateau.<option>}. */
  @Inject
  ReduceLROnPlateau(OptionSource options) {
    this(configured(options.read(ID, OPTIONS)));
  }

  private static Builder configured(HandlerOptions s) {
    Builder d = builder();
    return d.monitor(s.string("monitor", d.monitor))
        .mode(s.choice("mode", Monitor.Mode.class, d.mode))
        .factor(s.number("factor", d.factor))
        .patience(s.integer("patience", d.patience))
        .minDelta(s.number("min-delta", d.minDelta))
        .cooldown(s.integer("cooldown", d.cooldown))
        .minLr(s.number("min-lr", d.minLr));
  }

  public static Builder builder() {
    return new Builder();
  }

  @OnTrainBegin
  void start(TrainBegin event) {
    LearningRates.require(event, ID);
    reader.start(event, ID);
    if (!event.resumed()) {
      wait = 0;
      best = monitor.worst();
      cooldownCounter = 0;
    }
  }

  @OnEpochEnd
  void check(EpochEnd event) {
    OptionalDouble reading = reader.read(event);
    if (reading.isEmpty()) {
      return;
    }
    double value = reading.getAsDouble();
    if (monitor.improves(value, best, minDelta)) {
      best = value;
      wait = 0;
    } else {
      wait++;
    }
    // Cooldown epochs do not count, however many: Keras' order makes cooldown 1 count as none.
    if (cooldownCounter > 0) {
      cooldownCounter--;
      wait = 0;
    } else if (wait > 0 && wait >= patience) {
      reduce(event);
    }
  }

  private void reduce(EpochEnd event) {
    LearningRate learningRate = LearningRates.require(event, ID);
    double old = learningRate.current();
    if (old <= minLr * (1 + FLOOR_TOLERANCE)) {
      return;
    }
    double reduced = Math.max(old * factor, minLr);
    learningRate.scale((float) (reduced / old));
    LOG.info(
        "{} did not improve on {} for {} (patience {}) at epoch {}: learning rate {} -> {}{}",
        monitor.metric(),
        Numbers.format(best),
        Numbers.epochs(wait),
        patience,
        event.epoch(),
        Numbers.format(old),
        Numbers.format(learningRate.current()),
        reduced == minLr ? " (minLr)" : "");
    cooldownCounter = cooldown;
    wait = 0;
  }

  @Override
  public Optional<String> stateKey() {
    return Optional.ofNullable(stateKey);
  }

  @Override
  public Class<State> stateType() {
    return State.class;
  }

  @Override
  public State saveState() {
    return new State(wait, Double.isInfinite(best) ? null : best, cooldownCounter);
  }

  @Override
  public void restoreState(State state) {
    wait = state.waited();
    best = state.best() == null ? monitor.worst() : state.best();
    cooldownCounter = state.cooldownCounter();
  }

  @Override
  public String toString() {
    return "ReduceLROnPlateau(" + monitor + ", factor " + factor + ", patience " + patience + ")";
  }

  /**
   * What survives a checkpoint.
   *
   * @param waited epochs since the last improvement or reduction
   * @param best the best value so far; null before the first monitored epoch
   * @param cooldownCounter epochs of cooldown left
   */
  public record State(int waited, Double best, int cooldownCounter) {}

  /** Options, with Keras' defaults: factor 0.1, patience 10, minDelta 1e-4, cooldown 0, minLr 0. */
  public static final class Builder {
    private String stateKey;
    private String monitor = "validation loss";
    private Monitor.Mode mode = Monitor.Mode.AUTO;
    private double factor = 0.1;
    private int patience = 10;
    private double minDelta = 1e-4;
    private int cooldown;
    private double minLr;

    private Builder() {}

    /**
     * The key this handler's state is saved under in checkpoints (default: its id): set distinct
     * keys when one fit has two of these handlers.
     */
    public Builder stateKey(String key) {
      this.stateKey = key;
      return this;
    }

    /** The metric to watch, e.g. "validation loss" (the default). */
    public Builder monitor(String metric) {
      this.monitor = metric;
      return this;
    }

    /** Which way is better; AUTO (the default) decides from the metric's name. */
    public Builder mode(Monitor.Mode mode) {
      this.mode = mode;
      return this;
    }

    /** What the learning rate is multiplied by on a plateau, between 0 and 1 (default 0.1). */
    public Builder factor(double factor) {
      this.factor = factor;
      return this;
    }

    /** Epochs without improvement before a reduction (default 10). */
    public Builder patience(int patience) {
      this.patience = patience;
      return this;
    }

    /** How much better than the best a value must be to count as an improvement (default 1e-4). */
    public Builder minDelta(double minDelta) {
      this.minDelta = minDelta;
      return this;
    }

    /** Epochs after a reduction during which no epoch counts toward patience (default 0). */
    public Builder cooldown(int cooldown) {
      this.cooldown = cooldown;
      return this;
    }

    /** The lowest learning rate a reduction goes to (default 0). */
    public Builder minLr(double minLr) {
      this.minLr = minLr;
      return this;
    }

    /** Checks the options; throws IllegalArgumentException saying what is allowed. */
    public ReduceLROnPlateau build() {
      return new ReduceLROnPlateau(this);
    }
  }
}

package dev.fitkit.handlers;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.annotations.OnTrainBegin;
import dev.fitkit.annotations.OnTrainEnd;
import dev.fitkit.annotations.Priority;
import dev.fitkit.event.EpochEnd;
import dev.fitkit.event.FitEvent;
import dev.fitkit.event.TrainBegin;
import dev.fitkit.event.TrainEnd;
import dev.fitkit.handlers.support.Arguments;
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
 * Stops training when a monitored metric stops improving, with the semantics of Keras' and Gluon's
 * {@code EarlyStopping}. At each epoch end, after validation:
 *
 * <ol>
 *   <li>epochs before {@code startFromEpoch} are ignored (a warm-up may be noisy);
 *   <li>a NaN or infinite value stops training;
 *   <li>a value at least as good as {@code stoppingThreshold} stops training: the target is met;
 *   <li>a value worse than {@code divergenceThreshold} stops training: the run is lost;
 *   <li>a value better than the best by more than {@code minDelta} is the new best and restarts the
 *       wait; any other epoch adds one to it, and training stops once the wait reaches {@code
 *       patience}. As in Keras, patience 0 and 1 both stop at the first epoch without improvement,
 *       and the first monitored epoch never stops on patience;
 *   <li>with a {@code baseline}, only values that beat the baseline too restart the wait: training
 *       stops when the metric has not beaten the baseline within {@code patience} epochs.
 * </ol>
 *
 * With {@code restoreBestWeights}, the parameters are snapshot at each new best and copied back, in
 * place, at train end, whatever the outcome (so a run that failed on NaN still ends with its best
 * weights): after the checkpoint handler's last save, so checkpoints hold the weights the run
 * trained, which a resume must go on from, and before handlers at the default priority (exports).
 *
 * <p>The counters (wait, best value and epoch, stopped epoch) survive checkpoints as a {@link
 * State}. The weights snapshot does not: it stays in memory (as bytes on the heap, so a GPU holds
 * no second copy), and a resumed run can only restore a best it found itself.
 *
 * <pre>{@code
 * EarlyStoppingHandler.builder().monitor("validation loss").patience(3).restoreBestWeights(true).build()
 * }</pre>
 *
 * Through Guice ({@code handlerTypes(EarlyStoppingHandler.class)}) the options are read from
 * constants named {@code fitkit.early-stopping.<option>}: monitor, mode, min-delta, patience,
 * baseline, restore-best-weights, start-from-epoch, stopping-threshold, divergence-threshold.
 */
@FitHandler(id = EarlyStoppingHandler.ID, autoLoad = false)
public final class EarlyStoppingHandler implements StatefulHandler<EarlyStoppingHandler.State> {
  static final String ID = "fitkit.early-stopping";
  private static final Set<String> OPTIONS =
      Set.of(
          "monitor",
          "mode",
          "min-delta",
          "patience",
          "baseline",
          "restore-best-weights",
          "start-from-epoch",
          "stopping-threshold",
          "divergence-threshold");
  // At train end: after the last checkpoint, before exports at the default priority.
  private static final int RESTORE = Priority.DEFAULT - 100;
  private static final Logger LOG = LoggerFactory.getLogger(EarlyStoppingHandler.class);

  private final Monitor monitor;
  private final MonitorReader reader;
  private final double minDelta;
  private final int patience;
  private final double baseline;
  private final boolean restoreBestWeights;
  private final int startFromEpoch;
  private final double stoppingThreshold;
  private final double divergenceThreshold;

  private final String stateKey;

  private int wait;
  private double best;
  private int bestEpoch = -1;
  private int stoppedEpoch = -1;
  private byte[] bestWeights;
  private boolean weightsRestored;

  private EarlyStoppingHandler(Builder b) {
    this.stateKey = b.stateKey;
    this.monitor = Monitor.of(b.monitor, b.mode);
    this.reader = new MonitorReader(monitor);
    this.minDelta = Arguments.distance("minDelta", b.minDelta);
    this.patience =
        (int)
            Arguments.atLeastZero(
                "patience", b.patience, "epochs without improvement before stopping");
    this.baseline = Arguments.optionalFinite("baseline", b.baseline);
    this.restoreBestWeights = b.restoreBestWeights;
    this.startFromEpoch =
        (int)
            Arguments.atLeastZero("startFromEpoch", b.startFromEpoch, "the first epoch to monitor");
    this.stoppingThreshold = Arguments.optionalFinite("stoppingThreshold", b.stoppingThreshold);
    this.divergenceThreshold =
        Arguments.optionalFinite("divergenceThreshold", b.divergenceThreshold);
    this.best = monitor.worst();
  }

  /** Reads its options from Guice constants named {@code fitkit.early-stopping.<option>}. */
  @Inject
  EarlyStoppingHandler(OptionSource options) {
    this(configured(options.read(ID, OPTIONS)));
  }

  private static Builder configured(HandlerOptions s) {
    Builder d = builder();
    return d.monitor(s.string("monitor", d.monitor))
        .mode(s.choice("mode", Monitor.Mode.class, d.mode))
        .minDelta(s.number("min-delta", d.minDelta))
        .patience(s.integer("patience", d.patience))
        .baseline(s.number("baseline", d.baseline))
        .restoreBestWeights(s.flag("restore-best-weights", d.restoreBestWeights))
        .startFromEpoch(s.integer("start-from-epoch", d.startFromEpoch))
        .stoppingThreshold(s.number("stopping-threshold", d.stoppingThreshold))
        .divergenceThreshold(s.number("divergence-threshold", d.divergenceThreshold));
  }

  public static Builder builder() {
    return new Builder();
  }

  @OnTrainBegin
  void start(TrainBegin event) {
    reader.start(event, ID);
    if (!event.resumed()) {
      wait = 0;
      best = monitor.worst();
      bestEpoch = -1;
      stoppedEpoch = -1;
    }
    bestWeights = null;
    weightsRestored = false;
  }

  @OnEpochEnd
  void check(EpochEnd event) {
    if (event.epoch() < startFromEpoch) {
      return;
    }
    OptionalDouble reading = reader.read(event);
    if (reading.isPresent()) {
      String reason = evaluate(reading.getAsDouble(), event);
      if (reason != null) {
        stoppedEpoch = event.epoch();
        event.requestStop(reason);
      }
    }
  }

  @OnTrainEnd(priority = RESTORE)
  void end(TrainEnd event) {
    restoreBest(event);
  }

  /** Applies the rules to this epoch's value; returns why training must stop, or null. */
  private String evaluate(double value, EpochEnd event) {
    String metric = monitor.metric();
    if (!Double.isFinite(value)) {
      return metric + " is " + Numbers.format(value);
    }
    // improves(a, b, 0): a is strictly better than b.
    if (!Double.isNaN(stoppingThreshold) && !monitor.improves(stoppingThreshold, value, 0)) {
      return metric
          + " "
          + Numbers.format(value)
          + " reached the stopping threshold "
          + Numbers.format(stoppingThreshold);
    }
    if (!Double.isNaN(divergenceThreshold) && monitor.improves(divergenceThreshold, value, 0)) {
      return metric
          + " "
          + Numbers.format(value)
          + " is worse than the divergence threshold "
          + Numbers.format(divergenceThreshold);
    }
    boolean first = bestEpoch < 0;
    wait++;
    if (monitor.improves(value, best, minDelta)) {
      best = value;
      bestEpoch = event.epoch();
      if (restoreBestWeights) {
        bestWeights = event.context().weights();
      }
      if (Double.isNaN(baseline) || monitor.improves(value, baseline, minDelta)) {
        wait = 0;
        return null;
      }
    }
    return wait >= patience && !first ? patienceReason() : null;
  }

  private String patienceReason() {
    String metric = monitor.metric();
    String delta = minDelta > 0 ? " by more than " + Numbers.format(minDelta) : "";
    if (!Double.isNaN(baseline) && !monitor.improves(best, baseline, minDelta)) {
      return metric
          + " did not beat the baseline "
          + Numbers.format(baseline)
          + delta
          + " within "
          + Numbers.epochs(wait)
          + " (best "
          + Numbers.format(best)
          + ", patience "
          + patience
          + ")";
    }
    return metric
        + " did not improve on "
        + Numbers.format(best)
        + delta
        + " for "
        + Numbers.epochs(wait)
        + " (patience "
        + patience
        + ")";
  }

  private void restoreBest(FitEvent event) {
    if (!restoreBestWeights || bestWeights == null || weightsRestored) {
      return;
    }
    try {
      event.context().putBackWeights(bestWeights);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "The best weights no longer fit the network: " + e.getMessage(), e);
    }
    weightsRestored = true;
    LOG.info(
        "Restored the weights of epoch {}, the best {}: {}",
        bestEpoch,
        monitor.metric(),
        Numbers.format(best));
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
    return new State(wait, bestEpoch < 0 ? null : best, bestEpoch, stoppedEpoch);
  }

  @Override
  public void restoreState(State state) {
    wait = state.waited();
    best = state.best() == null ? monitor.worst() : state.best();
    bestEpoch = state.bestEpoch();
    stoppedEpoch = state.stoppedEpoch();
  }

  @Override
  public String toString() {
    return "EarlyStoppingHandler(" + monitor + ", patience " + patience + ")";
  }

  /**
   * What survives a checkpoint.
   *
   * @param waited epochs since the last improvement
   * @param best the best value so far; null before the first monitored epoch
   * @param bestEpoch the epoch of the best value, -1 before the first monitored epoch
   * @param stoppedEpoch the epoch at which this handler stopped training, -1 when it did not
   */
  public record State(int waited, Double best, int bestEpoch, int stoppedEpoch) {}

  /** Options, with the defaults of Keras' EarlyStopping (monitor "validation loss", patience 0). */
  public static final class Builder {
    private String stateKey;
    private String monitor = "validation loss";
    private Monitor.Mode mode = Monitor.Mode.AUTO;
    private double minDelta;
    private int patience;
    private double baseline = Double.NaN;
    private boolean restoreBestWeights;
    private int startFromEpoch;
    private double stoppingThreshold = Double.NaN;
    private double divergenceThreshold = Double.NaN;

    private Builder() {}

    /**
     * The key this handler's state is saved under in checkpoints (default: its id): set distinct
     * keys when one fit has two of these handlers.
     */
    public Builder stateKey(String key) {
      this.stateKey = key;
      return this;
    }

    /** The metric to watch, e.g. "validation loss" (the default) or "train accuracy". */
    public Builder monitor(String metric) {
      this.monitor = metric;
      return this;
    }

    /** Which way is better; AUTO (the default) decides from the metric's name. */
    public Builder mode(Monitor.Mode mode) {
      this.mode = mode;
      return this;
    }

    /** How much better than the best a value must be to count as an improvement (default 0). */
    public Builder minDelta(double minDelta) {
      this.minDelta = minDelta;
      return this;
    }

    /** Epochs without improvement before stopping (default 0). */
    public Builder patience(int patience) {
      this.patience = patience;
      return this;
    }

    /** A value the metric must beat within {@code patience} epochs; NaN (the default) for none. */
    public Builder baseline(double baseline) {
      this.baseline = baseline;
      return this;
    }

    /** Whether to put the best epoch's weights back at the end (default false). */
    public Builder restoreBestWeights(boolean restore) {
      this.restoreBestWeights = restore;
      return this;
    }

    /** The first epoch (0-based) to watch; earlier ones are a warm-up (default 0). */
    public Builder startFromEpoch(int epoch) {
      this.startFromEpoch = epoch;
      return this;
    }

    /** Stops as soon as the metric is at least this good; NaN (the default) for none. */
    public Builder stoppingThreshold(double threshold) {
      this.stoppingThreshold = threshold;
      return this;
    }

    /** Stops as soon as the metric is worse than this; NaN (the default) for none. */
    public Builder divergenceThreshold(double threshold) {
      this.divergenceThreshold = threshold;
      return this;
    }

    /** Checks the options; throws IllegalArgumentException saying what is allowed. */
    public EarlyStoppingHandler build() {
      return new EarlyStoppingHandler(this);
    }
  }
}

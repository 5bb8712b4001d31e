package dev.fitkit.handlers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.Outcome;
import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.annotations.OnBeforeUpdate;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.annotations.OnTrainBegin;
import dev.fitkit.annotations.OnTrainEnd;
import dev.fitkit.annotations.OnValidationBegin;
import dev.fitkit.annotations.OnValidationEnd;
import dev.fitkit.annotations.Priority;
import dev.fitkit.event.BatchEnd;
import dev.fitkit.event.EpochEnd;
import dev.fitkit.event.TrainBegin;
import dev.fitkit.event.TrainEnd;
import dev.fitkit.options.HandlerOptions;
import dev.fitkit.options.OptionSource;
import dev.fitkit.spi.StatefulHandler;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An average of the weights along the run: the exponential moving average of every optimizer step's
 * weights (Keras' {@code use_ema}, {@link #ema(double)}), or the mean of the weights at each epoch
 * end from an epoch on (stochastic weight averaging, Lightning's {@code SWA}, {@link #swa(int)}).
 * The average is used for validation passes when asked ({@link #validateAveraged(boolean)}: the
 * pass sees it, training goes on from the trained weights) and put into the network when the run
 * completes or stops, after the last checkpoint, which keeps the trained weights a resume needs. It
 * is saved in checkpoints (a copy of every parameter), so a resumed run averages exactly as an
 * uninterrupted one. One device only: with several, DJL keeps a copy of each parameter per device
 * that swapping could not reach.
 */
@FitHandler(id = WeightAveraging.ID, autoLoad = false)
public final class WeightAveraging implements StatefulHandler<WeightAveraging.State> {
  static final String ID = "fitkit.weight-averaging";
  private static final Logger LOG = LoggerFactory.getLogger(WeightAveraging.class);
  private static final NDIndex ALL = new NDIndex("...");

  /**
   * How many weights went into the average, the step of the last (a resumed epoch end must not
   * count its weights twice), and the average of each parameter (Base64).
   */
  public record State(long updates, long lastStep, List<String> averages) {}

  private final double decay;
  private final int startEpoch;
  private boolean validateAveraged;
  private NDManager manager;
  private Trainer trainer;
  private List<NDArray> averages;
  private List<NDArray> trained;
  private List<byte[]> restored;
  private long updates;
  private long lastStep = -1;
  private boolean stepTaken;

  private WeightAveraging(double decay, int startEpoch) {
    this.decay = decay;
    this.startEpoch = startEpoch;
  }

  /** How the weights are averaged; the {@code mode} option. */
  public enum Mode {
    EMA,
    SWA
  }

  /**
   * For Guice ({@code .handlerTypes(WeightAveraging.class)}): {@code fitkit.weight-averaging.mode}
   * ({@code ema} or {@code swa}, required), {@code decay} (EMA, default 0.999), {@code start-epoch}
   * (SWA, default 0) and {@code validate-averaged} (default false).
   */
  @Inject
  WeightAveraging(OptionSource source) {
    this(configured(source.read(ID, "mode", "decay", "start-epoch", "validate-averaged")));
  }

  private WeightAveraging(WeightAveraging configured) {
    this(configured.decay, configured.startEpoch);
    this.validateAveraged = configured.validateAveraged;
  }

  private static WeightAveraging configured(HandlerOptions o) {
    if (!o.has("mode")) {
      throw o.missing(
          "mode",
          "binder.bindConstant().annotatedWith(Names.named(\"fitkit.weight-averaging.mode\")).to(\"ema\")");
    }
    WeightAveraging averaging =
        o.choice("mode", Mode.class, Mode.EMA) == Mode.EMA
            ? ema(o.number("decay", 0.999))
            : swa(o.integer("start-epoch", 0));
    return averaging.validateAveraged(o.flag("validate-averaged", false));
  }

  /**
   * The exponential moving average after every optimizer step: {@code average = decay * average +
   * (1 - decay) * weights}, starting from the first step's weights.
   */
  public static WeightAveraging ema(double decay) {
    if (!(decay > 0 && decay < 1)) {
      throw new IllegalArgumentException(
          "ema needs a decay between 0 and 1, e.g. 0.999, not " + decay);
    }
    return new WeightAveraging(decay, -1);
  }

  /**
   * The mean of the weights at the end of every complete epoch from {@code startEpoch} (0-based).
   */
  public static WeightAveraging swa(int startEpoch) {
    if (startEpoch < 0) {
      throw new IllegalArgumentException("swa needs a start epoch of 0 or more, not " + startEpoch);
    }
    return new WeightAveraging(0, startEpoch);
  }

  /** Whether validation passes run on the average (default false: on the trained weights). */
  public WeightAveraging validateAveraged(boolean validateAveraged) {
    this.validateAveraged = validateAveraged;
    return this;
  }

  /** Weights averaged so far in the running (or last) fit. */
  public long updates() {
    return updates;
  }

  @OnTrainBegin(priority = Priority.GRADIENT_UPDATE)
  void begin(TrainBegin event) {
    if (event.context().devices().size() > 1) {
      throw new FitConfigurationException(
          "WeightAveraging works on one device, but the fit runs on "
              + event.context().devices()
              + ": DJL keeps a copy of each parameter per device, which swapping the average in"
              + " could not reach. Train on one device.");
    }
    release();
    trainer = event.trainer();
    manager = trainer.getManager().newSubManager();
    stepTaken = false;
    if (!event.resumed()) {
      updates = 0;
      lastStep = -1;
      restored = null;
    } else if (restored != null) {
      // Now, not at the next update: a validation pass or an epoch end may come first.
      List<NDArray> weights = weights();
      averages = new ArrayList<>();
      for (int i = 0; i < weights.size(); i++) {
        averages.add(fromBytes(restored.get(i), weights.get(i)));
      }
      restored = null;
    }
  }

  @OnBeforeUpdate
  void stepComing() {
    stepTaken = true;
  }

  // Right after the optimizer step of the batch (or of an epoch's last partial group).
  @OnBatchEnd(priority = Priority.GRADIENT_UPDATE + 1)
  void afterBatch(BatchEnd event) {
    if (decay > 0 && stepTaken) {
      average(event.stepsCompleted());
    }
    stepTaken = false;
  }

  // Before validation, so an epoch-end pass on the average sees this epoch's.
  @OnEpochEnd(priority = Priority.GRADIENT_UPDATE + 1)
  void afterEpoch(EpochEnd event) {
    if (decay > 0 && stepTaken || decay == 0 && event.complete() && event.epoch() >= startEpoch) {
      average(event.stepsCompleted());
    }
    stepTaken = false;
  }

  @OnValidationBegin(priority = Priority.GRADIENT_UPDATE)
  void validationBegin() {
    if (validateAveraged) {
      swapIn();
    }
  }

  @OnValidationEnd(priority = Priority.LOGGING - 1)
  void validationEnd() {
    swapOut();
  }

  // A pass that failed never reached its end: the last checkpoint must hold the trained weights.
  @OnTrainEnd(priority = Priority.LAST_CHECKPOINT - 1)
  void beforeLastCheckpoint() {
    swapOut();
  }

  // After the last checkpoint, and after early stopping restored its best weights.
  @OnTrainEnd(priority = Priority.DEFAULT)
  void end(TrainEnd event) {
    try {
      if (event.outcome() != Outcome.FAILED && averages != null) {
        swapIn();
        trained = null; // the average stays
        LOG.info("Put the average of {} weights into the network", updates);
      }
    } finally {
      release();
    }
  }

  private void average(long step) {
    if (step == lastStep) {
      return; // an epoch end run again by a resume: its weights are in the average already
    }
    lastStep = step;
    List<NDArray> weights = weights();
    if (averages == null) {
      averages = new ArrayList<>();
      for (NDArray w : weights) {
        averages.add(copy(w));
      }
      updates = 1;
      return;
    }
    updates++;
    for (int i = 0; i < weights.size(); i++) {
      NDArray average = averages.get(i);
      NDArray w = weights.get(i);
      // Temporaries are closed at once: native memory stays flat however long the run.
      if (decay > 0) {
        try (NDArray share = w.mul(1 - decay)) {
          average.muli(decay).addi(share);
        }
      } else {
        // Running mean: average += (w - average) / n.
        try (NDArray toward = w.sub(average)) {
          average.addi(toward.divi(updates));
        }
      }
    }
  }

  private void swapIn() {
    if (averages == null || trained != null) {
      return;
    }
    List<NDArray> weights = weights();
    trained = new ArrayList<>();
    for (int i = 0; i < weights.size(); i++) {
      trained.add(copy(weights.get(i)));
      weights.get(i).set(ALL, averages.get(i));
    }
  }

  private void swapOut() {
    if (trained == null) {
      return;
    }
    List<NDArray> weights = weights();
    for (int i = 0; i < weights.size(); i++) {
      weights.get(i).set(ALL, trained.get(i));
      trained.get(i).close();
    }
    trained = null;
  }

  private List<NDArray> weights() {
    List<NDArray> weights = new ArrayList<>();
    for (Parameter parameter : trainer.getModel().getBlock().getParameters().values()) {
      if (parameter.isInitialized()) {
        weights.add(parameter.getArray());
      }
    }
    return weights;
  }

  private NDArray copy(NDArray array) {
    NDArray copy = array.duplicate();
    copy.attach(manager);
    return copy;
  }

  private NDArray fromBytes(byte[] bytes, NDArray like) {
    // The parameters were restored from the same checkpoint, so the shapes agree.
    return manager.create(
        ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()), like.getShape(), like.getDataType());
  }

  private void release() {
    if (manager != null) {
      manager.close();
    }
    manager = null;
    averages = null;
    trained = null;
  }

  @Override
  public Class<State> stateType() {
    return State.class;
  }

  @Override
  public State saveState() {
    List<String> saved = new ArrayList<>();
    Base64.Encoder base64 = Base64.getEncoder();
    if (averages != null) {
      averages.forEach(average -> saved.add(base64.encodeToString(average.toByteArray())));
    } else if (restored != null) {
      restored.forEach(bytes -> saved.add(base64.encodeToString(bytes)));
    }
    return new State(updates, lastStep, saved);
  }

  @Override
  public void restoreState(State state) {
    updates = state.updates();
    lastStep = state.lastStep();
    List<String> saved = state.averages() == null ? List.of() : state.averages();
    restored = saved.isEmpty() ? null : saved.stream().map(Base64.getDecoder()::decode).toList();
  }

  @Override
  public Optional<String> stateKey() {
    return Optional.empty();
  }

  @Override
  public String toString() {
    return decay > 0 ? "EMA, decay " + decay : "SWA from epoch " + startEpoch;
  }
}

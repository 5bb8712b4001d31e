package dev.fitkit.handlers;

import dev.fitkit.Outcome;
import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.annotations.OnTrainBegin;
import dev.fitkit.annotations.OnTrainEnd;
import dev.fitkit.annotations.OnValidationBatchEnd;
import dev.fitkit.annotations.Priority;
import dev.fitkit.checkpoint.Checkpoint;
import dev.fitkit.checkpoint.CheckpointFile;
import dev.fitkit.checkpoint.CheckpointStore;
import dev.fitkit.checkpoint.InterruptHook;
import dev.fitkit.event.BatchEnd;
import dev.fitkit.event.CheckpointSaved;
import dev.fitkit.event.CheckpointSaved.Reason;
import dev.fitkit.event.EpochEnd;
import dev.fitkit.event.FitEvent;
import dev.fitkit.event.TrainBegin;
import dev.fitkit.event.TrainEnd;
import dev.fitkit.event.ValidationBatchEnd;
import dev.fitkit.handlers.support.MonitorReader;
import dev.fitkit.metric.Monitor;
import dev.fitkit.options.HandlerOptions;
import dev.fitkit.options.OptionSource;
import dev.fitkit.spi.StatefulHandler;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves checkpoints a run can be resumed from ({@code Estimator.resume}): every {@code epochPeriod}
 * epochs, every {@code batchPeriod} batches and, with a {@code timePeriod}, at the first batch end
 * that much training time after the last save, as {@code {prefix}-epoch{E}batch{B}.ckpt} (E epochs
 * and B batches completed), keeping the newest {@code maxCheckpoints}; the best by a monitored
 * metric as {@code {prefix}-best.ckpt} (not counted); the {@code topK} best as {@code
 * {prefix}-top-epoch{E}batch{B}.ckpt}; one more when training fails, and one when the JVM is asked
 * to exit (Ctrl-C, SIGTERM), at the next training or validation batch. The last checkpoint of a run
 * that completed or was stopped is marked with that outcome, so resuming a stopped run is an error
 * rather than a silent no-op.
 *
 * <p>An epoch cut short (by a stop or the budget) is never saved as an ended epoch: its checkpoints
 * resume after its last trained batch. Its state (best value, top-k list) is reset at train begin
 * unless the run is resumed, so an instance can serve several fits.
 */
@FitHandler(id = "fitkit.checkpoint", autoLoad = false)
public final class CheckpointHandler implements StatefulHandler<CheckpointHandler.State> {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointHandler.class);
  private static final String ID = "fitkit.checkpoint";
  private static final Set<String> OPTIONS =
      Set.of(
          "directory",
          "prefix",
          "monitor",
          "mode",
          "save-best",
          "epoch-period",
          "batch-period",
          "time-period",
          "max-checkpoints",
          "top-k",
          "save-on-exception",
          "save-on-exit",
          "exit-wait",
          "state-key");

  /** How long the JVM's exit waits for the checkpoint by default. */
  public static final Duration DEFAULT_EXIT_WAIT = Duration.ofSeconds(60);

  /** What a resumed run needs to go on ranking and pruning as before. */
  public record State(double best, List<Ranked> top) {}

  /** A top-k checkpoint and its monitored value. */
  public record Ranked(double value, String file) {}

  private final CheckpointStore store;
  private final Monitor monitor;
  private final MonitorReader reader;
  private final boolean saveBest;
  private final int epochPeriod;
  private final int batchPeriod;
  private final Duration timePeriod;
  private final LongSupplier clock;
  private final int maxCheckpoints;
  private final int topK;
  private final boolean saveOnException;
  private final boolean saveOnExit;
  private final Duration exitWait;
  private final String stateKey;

  private double best;
  private List<Ranked> top = new ArrayList<>();
  private InterruptHook exitHook;
  private boolean begun;
  private long stepsAtBegin;
  private boolean savedOnExit;
  private boolean exitStopRequested;
  private long lastSaveNanos;

  private CheckpointHandler(Builder b) {
    this.store = new CheckpointStore(b.directory, b.prefix);
    this.monitor = b.monitor == null ? null : Monitor.of(b.monitor, b.mode);
    this.reader = monitor == null ? null : new MonitorReader(monitor);
    this.saveBest = b.saveBest;
    this.epochPeriod = b.epochPeriod;
    this.batchPeriod = b.batchPeriod;
    this.timePeriod = b.timePeriod;
    this.clock = b.clock;
    this.maxCheckpoints = b.maxCheckpoints;
    this.topK = b.topK;
    this.saveOnException = b.saveOnException;
    this.saveOnExit = b.saveOnExit;
    this.exitWait = b.exitWait;
    this.stateKey = b.stateKey;
    if ((saveBest || topK > 0) && monitor == null) {
      throw new IllegalArgumentException(
          "saveBest and topK rank checkpoints by a metric: set monitor(\"validation loss\","
              + " Mode.AUTO), for example");
    }
    resetState();
  }

  /** Every epoch into {@code directory}, keeping the newest 5: the defaults Gluon uses. */
  public CheckpointHandler(Path directory) {
    this(builder(directory));
  }

  /**
   * For Guice: every option from {@code fitkit.checkpoint.<option>} (see {@link OptionSource});
   * {@code directory} is required.
   */
  @Inject
  CheckpointHandler(OptionSource source) {
    this(configured(source.read(ID, OPTIONS)));
  }

  private static Builder configured(HandlerOptions o) {
    Builder b =
        builder(
            o.path("directory")
                .orElseThrow(
                    () ->
                        o.missing(
                            "directory",
                            "binder.bindConstant().annotatedWith(Names.named(\"fitkit.checkpoint.directory\")).to(\"checkpoints\")")));
    b.prefix(o.string("prefix", b.prefix))
        .saveBest(o.flag("save-best", b.saveBest))
        .epochPeriod(o.integer("epoch-period", b.epochPeriod))
        .batchPeriod(o.integer("batch-period", b.batchPeriod))
        .maxCheckpoints(o.integer("max-checkpoints", b.maxCheckpoints))
        .topK(o.integer("top-k", b.topK))
        .saveOnException(o.flag("save-on-exception", b.saveOnException))
        .saveOnExit(o.flag("save-on-exit", b.saveOnExit));
    o.duration("exit-wait").ifPresent(b::exitWait);
    o.duration("time-period").ifPresent(b::timePeriod);
    o.string("state-key").ifPresent(b::stateKey);
    if (o.has("monitor") || o.has("mode")) {
      b.monitor(o.string("monitor", null), o.choice("mode", Monitor.Mode.class, b.mode));
    }
    return b;
  }

  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  @OnTrainBegin(priority = Priority.CHECKPOINT)
  void trainBegin(TrainBegin event) {
    try {
      Files.createDirectories(store.directory());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot create the checkpoint folder " + store.directory() + ": " + e, e);
    }
    store.removeTemporaries();
    if (reader != null) {
      reader.start(event, ID);
    }
    if (!event.resumed()) {
      resetState();
      List<Path> earlier = store.periodicFiles();
      if (!earlier.isEmpty()) {
        LOG.warn(
            "{} already holds {} checkpoints of an earlier run (newest {}); resume(folder) picks"
                + " the one with the most batches, which may be theirs. Use a fresh folder per"
                + " run, or another prefix.",
            store.directory(),
            earlier.size(),
            earlier.get(earlier.size() - 1).getFileName());
      }
    }
    begun = true;
    stepsAtBegin = event.stepsCompleted();
    savedOnExit = false;
    exitStopRequested = false;
    lastSaveNanos = clock.getAsLong();
    if (saveOnExit) {
      exitHook = InterruptHook.install(exitWait);
    }
  }

  @OnBatchEnd(priority = Priority.CHECKPOINT)
  void batchEnd(BatchEnd event) {
    if (savedOnExit) {
      return;
    }
    if (exitRequested()) {
      saveOnExit(event);
    } else if (batchPeriod > 0 && event.stepsCompleted() % batchPeriod == 0
        || timePeriod != null && clock.getAsLong() - lastSaveNanos >= timePeriod.toNanos()) {
      savePeriodic(event, Reason.PERIODIC);
    }
  }

  /** Ctrl-C during a validation pass: stop it at once; the save follows where the pass returns. */
  @OnValidationBatchEnd(priority = Priority.CHECKPOINT)
  void validationBatchEnd(ValidationBatchEnd event) {
    if (exitRequested() && !exitStopRequested) {
      exitStopRequested = true;
      event.requestStop("the JVM is exiting; a checkpoint follows");
    }
  }

  @OnEpochEnd(priority = Priority.CHECKPOINT)
  void epochEnd(EpochEnd event) {
    if (savedOnExit) {
      return;
    }
    if (exitRequested()) {
      saveOnExit(event);
      return;
    }
    if (event.complete() && epochPeriod > 0 && event.epochsEnded() % epochPeriod == 0) {
      savePeriodic(event, Reason.PERIODIC);
    }
    if (monitor == null) {
      return;
    }
    // Only this epoch's value ranks it: not a validation metric left from an earlier epoch.
    OptionalDouble reading = reader.read(event);
    if (reading.isEmpty()) {
      return;
    }
    double value = reading.getAsDouble();
    if (saveBest && monitor.improves(value, best, 0)) {
      best = value;
      write(event, store.best(), event.context().snapshot(), Reason.BEST);
      LOG.info("New best {} {}: saved {}", monitor.metric(), value, store.best().getFileName());
    }
    if (topK > 0) {
      keepTop(event, value);
    }
  }

  @OnTrainEnd(priority = Priority.LAST_CHECKPOINT)
  void trainEnd(TrainEnd event) {
    try {
      if (begun && !savedOnExit) {
        saveLast(event);
      }
    } finally {
      begun = false;
      if (exitHook != null) {
        exitHook.remove();
        exitHook = null;
      }
    }
  }

  private void saveLast(TrainEnd event) {
    if (event.stepsCompleted() == stepsAtBegin) {
      return; // nothing trained since the run began (or resumed): nothing new to save
    }
    if (event.outcome() == Outcome.FAILED) {
      if (saveOnException) {
        Path file = savePeriodic(event, Reason.FAILURE);
        LOG.warn("Training failed; saved {} to resume from", file);
      }
      return;
    }
    Checkpoint last = event.context().snapshot().withOutcome(event.outcome());
    write(
        event,
        store.periodic(last.run().epochsCompleted(), last.run().stepsCompleted()),
        last,
        Reason.LAST);
    prune();
  }

  private boolean exitRequested() {
    return exitHook != null && exitHook.requested();
  }

  private void saveOnExit(FitEvent event) {
    try {
      Path file = savePeriodic(event, Reason.EXIT);
      event.requestStop("the JVM is exiting; saved " + file.getFileName() + " to resume from");
    } finally {
      savedOnExit = true;
      exitHook.saved();
    }
  }

  private Path savePeriodic(FitEvent event, Reason reason) {
    Checkpoint checkpoint = event.context().snapshot();
    Path file =
        store.periodic(checkpoint.run().epochsCompleted(), checkpoint.run().stepsCompleted());
    write(event, file, checkpoint, reason);
    prune();
    lastSaveNanos = clock.getAsLong();
    return file;
  }

  private void keepTop(EpochEnd event, double value) {
    Comparator<Ranked> bestFirst = Comparator.comparingDouble(Ranked::value);
    if (monitor.mode() == Monitor.Mode.MAX) {
      bestFirst = bestFirst.reversed();
    }
    boolean qualifies =
        top.size() < topK || monitor.improves(value, top.get(top.size() - 1).value(), 0);
    if (!qualifies || Double.isNaN(value)) {
      return;
    }
    Checkpoint checkpoint = event.context().snapshot();
    Path file = store.top(checkpoint.run().epochsCompleted(), checkpoint.run().stepsCompleted());
    write(event, file, checkpoint, Reason.TOP_K);
    top.add(new Ranked(value, file.getFileName().toString()));
    top.sort(bestFirst);
    while (top.size() > topK) {
      delete(store.directory().resolve(top.remove(top.size() - 1).file()));
    }
  }

  private void prune() {
    if (maxCheckpoints > 0) {
      store.prune(maxCheckpoints);
    }
  }

  private void resetState() {
    best = monitor == null ? Double.NaN : monitor.worst();
    top = new ArrayList<>();
  }

  /** Writes the file, then tells the handlers of {@code @OnCheckpointSaved} it is there. */
  private static void write(FitEvent event, Path file, Checkpoint checkpoint, Reason reason) {
    CheckpointFile.write(file, checkpoint);
    LOG.debug("Saved {}", file);
    event.context().publish(new CheckpointSaved(event.context(), file, reason));
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("Could not delete {}: {}", file, e.getMessage());
    }
  }

  @Override
  public Class<State> stateType() {
    return State.class;
  }

  @Override
  public State saveState() {
    return new State(best, List.copyOf(top));
  }

  @Override
  public void restoreState(State state) {
    best = state.best();
    top = new ArrayList<>(state.top());
  }

  @Override
  public Optional<String> stateKey() {
    return Optional.ofNullable(stateKey);
  }

  /** Options of a {@link CheckpointHandler}. */
  public static final class Builder {
    private final Path directory;
    private String prefix = "checkpoint";
    private String monitor;
    private Monitor.Mode mode = Monitor.Mode.AUTO;
    private boolean saveBest;
    private int epochPeriod = 1;
    private int batchPeriod;
    private Duration timePeriod;
    private LongSupplier clock = System::nanoTime;
    private int maxCheckpoints = 5;
    private int topK;
    private boolean saveOnException = true;
    private boolean saveOnExit = true;
    private Duration exitWait = DEFAULT_EXIT_WAIT;
    private String stateKey;

    private Builder(Path directory) {
      if (directory == null) {
        throw new IllegalArgumentException("A CheckpointHandler needs a folder to save to");
      }
      this.directory = directory;
    }

    public Builder prefix(String prefix) {
      this.prefix = prefix;
      return this;
    }

    /** The metric that ranks checkpoints, e.g. {@code "validation loss"}. */
    public Builder monitor(String metric, Monitor.Mode mode) {
      this.monitor = metric;
      this.mode = mode;
      return this;
    }

    /** Keeps {@code {prefix}-best.ckpt} for the best epoch by the monitored metric. */
    public Builder saveBest(boolean saveBest) {
      this.saveBest = saveBest;
      return this;
    }

    /** Saves every {@code epochs} epochs; 0 never. */
    public Builder epochPeriod(int epochs) {
      this.epochPeriod = nonNegative("epochPeriod", epochs);
      return this;
    }

    /** Saves every {@code batches} batches; 0 (the default) never. */
    public Builder batchPeriod(int batches) {
      this.batchPeriod = nonNegative("batchPeriod", batches);
      return this;
    }

    /**
     * Also saves at the first batch end {@code period} or more after the last periodic save (or the
     * run's start), for epochs too long to lose (Lightning's {@code train_time_interval}).
     */
    public Builder timePeriod(Duration period) {
      if (period == null || period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException("timePeriod must be positive, not " + period);
      }
      this.timePeriod = period;
      return this;
    }

    /** The clock of {@link #timePeriod}, in nanoseconds; tests move it by hand. */
    Builder clock(LongSupplier nanos) {
      this.clock = nanos;
      return this;
    }

    /**
     * Keeps the newest {@code count} periodic checkpoints; 0 keeps all. The best is not counted.
     */
    public Builder maxCheckpoints(int count) {
      this.maxCheckpoints = nonNegative("maxCheckpoints", count);
      return this;
    }

    /** Keeps the {@code k} best epochs by the monitored metric. */
    public Builder topK(int k) {
      this.topK = nonNegative("topK", k);
      return this;
    }

    /** Saves one more checkpoint when training fails (default true). */
    public Builder saveOnException(boolean save) {
      this.saveOnException = save;
      return this;
    }

    /** Saves one more checkpoint when the JVM is asked to exit, e.g. by Ctrl-C (default true). */
    public Builder saveOnExit(boolean save) {
      this.saveOnExit = save;
      return this;
    }

    /** How long the JVM's exit waits for the checkpoint (default 60 s). */
    public Builder exitWait(Duration wait) {
      if (wait == null || wait.isNegative() || wait.isZero()) {
        throw new IllegalArgumentException("exitWait must be a positive duration, got " + wait);
      }
      this.exitWait = wait;
      return this;
    }

    /**
     * The key this handler's state is saved under in checkpoints (default: its id): set distinct
     * keys when one fit has two checkpoint handlers.
     */
    public Builder stateKey(String key) {
      this.stateKey = key;
      return this;
    }

    public CheckpointHandler build() {
      return new CheckpointHandler(this);
    }

    private static int nonNegative(String option, int value) {
      if (value < 0) {
        throw new IllegalArgumentException(option + " must be 0 (off) or positive, got " + value);
      }
      return value;
    }
  }
}

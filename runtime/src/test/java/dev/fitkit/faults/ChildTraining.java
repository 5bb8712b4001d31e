package dev.fitkit.faults;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.loss.Loss;
import dev.fitkit.Budget;
import dev.fitkit.Estimator;
import dev.fitkit.FitResult;
import dev.fitkit.Outcome;
import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.annotations.OnTrainBegin;
import dev.fitkit.annotations.OnTrainEnd;
import dev.fitkit.annotations.OnValidationBatchEnd;
import dev.fitkit.annotations.Priority;
import dev.fitkit.checkpoint.CheckpointStore;
import dev.fitkit.event.BatchEnd;
import dev.fitkit.event.ValidationBatchEnd;
import dev.fitkit.handlers.CheckpointHandler;
import dev.fitkit.handlers.HistoryHandler;
import dev.fitkit.handlers.ValidationHandler;
import dev.fitkit.metric.Accuracy;
import dev.fitkit.optimizer.Adam;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.RunDump;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A training the fault tests start as a separate JVM, then kill, signal or let finish. Options are
 * {@code key=value} arguments; it prints {@code STEP n} after each training batch (before the
 * checkpoint handler saves), {@code VALIDATING e i} at each validation batch, and writes a {@link
 * RunDump} when the run completes.
 */
public final class ChildTraining {
  private ChildTraining() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      o.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    Path dir = Path.of(o.get("dir"));
    int width = Integer.parseInt(o.getOrDefault("width", "64"));
    int epochs = Integer.parseInt(o.getOrDefault("epochs", "4"));
    int valSamples = Integer.parseInt(o.getOrDefault("valSamples", "64"));
    int valPeriod = Integer.parseInt(o.getOrDefault("valPeriod", "0"));
    long slowHookMs = Long.parseLong(o.getOrDefault("slowHookMs", "0"));
    if (slowHookMs > 0) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> sleep(slowHookMs), "slow-hook"));
    }
    CheckpointHandler checkpoints =
        CheckpointHandler.builder(dir)
            .batchPeriod(Integer.parseInt(o.getOrDefault("batchPeriod", "0")))
            .epochPeriod(1)
            .maxCheckpoints(3)
            .exitWait(Duration.ofMillis(Long.parseLong(o.getOrDefault("exitWaitMs", "60000"))))
            .build();
    List<Object> handlers = new ArrayList<>();
    handlers.add(checkpoints);
    handlers.add(new HistoryHandler(true));
    handlers.add(
        new Announce(o.getOrDefault("sleepAtStep", "-1:0"), o.getOrDefault("pauseAt", "")));
    handlers.add(new ValidationHandler(1, valPeriod));
    if (Boolean.parseBoolean(o.getOrDefault("throwAtTrainEnd", "false"))) {
      handlers.add(new Throws(false));
    }
    if (Boolean.parseBoolean(o.getOrDefault("throwAtTrainBegin", "false"))) {
      handlers.add(new Throws(true));
    }
    if (Boolean.parseBoolean(o.getOrDefault("failLastSave", "false"))) {
      handlers.add(new FailsLastSave());
    }
    try (NDManager manager = NDManager.newBaseManager();
        Estimator estimator =
            Estimator.builder()
                .block(network(width, Float.parseFloat(o.getOrDefault("dropout", "0"))))
                .loss(Loss.softmaxCrossEntropyLoss())
                .optimizer(Adam.builder().build())
                .metrics(new Accuracy())
                .seed(9)
                .discoverHandlers(false)
                .handlers(handlers.toArray())
                .build()) {
      var train = Blobs.dataset(manager, 400, 16, 1, true);
      var validation = Blobs.dataset(manager, valSamples, 16, 2);
      boolean resume = !new CheckpointStore(dir, "checkpoint").periodicFiles().isEmpty();
      FitResult result;
      try {
        result =
            resume
                ? estimator.resume(dir, train, validation, Budget.epochs(epochs))
                : estimator.fit(train, validation, Budget.epochs(epochs));
      } catch (RuntimeException e) {
        System.out.println("FIT FAILED " + e);
        return;
      }
      System.out.println("OUTCOME " + result.outcome() + " after " + result.batches());
      if (result.outcome() == Outcome.COMPLETED && o.containsKey("dump")) {
        RunDump.of(estimator.model().getBlock(), result.history()).write(Path.of(o.get("dump")));
      }
    }
    System.out.println("DONE");
  }

  /** Two hidden ReLU layers of {@code width}, each followed by dropout when {@code rate} > 0. */
  private static SequentialBlock network(int width, float rate) {
    SequentialBlock network = new SequentialBlock();
    for (int layer = 0; layer < 2; layer++) {
      network.add(Linear.builder().setUnits(width).build()).add(Activation::relu);
      if (rate > 0) {
        network.add(Dropout.builder().optRate(rate).build());
      }
    }
    return network.add(Linear.builder().setUnits(3).build());
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Says where the training is, for the parent process to time its faults. At the line {@code
   * pauseAt} it waits for the JVM's shutdown to begin, so a signal sent on that line is served
   * there and not some batches later, however slowly the parent's {@code kill} starts.
   */
  @FitHandler(id = "test.announce", autoLoad = false)
  public static final class Announce {
    private final long sleepStep;
    private final long sleepMs;
    private final String pauseAt;
    private final CountDownLatch shuttingDown = new CountDownLatch(1);

    Announce(String sleepAt, String pauseAt) {
      String[] parts = sleepAt.split(":");
      this.sleepStep = Long.parseLong(parts[0]);
      this.sleepMs = Long.parseLong(parts[1]);
      this.pauseAt = pauseAt;
      Runtime.getRuntime().addShutdownHook(new Thread(shuttingDown::countDown, "announce-hook"));
    }

    @OnTrainBegin
    void begin() {
      System.out.println("TRAINING");
    }

    @OnBatchEnd(priority = Priority.CHECKPOINT - 1)
    void step(BatchEnd event) {
      say("STEP " + event.stepsCompleted());
      if (event.stepsCompleted() == sleepStep) {
        sleep(sleepMs); // a step that takes long: the exit cannot be served meanwhile
      }
    }

    @OnValidationBatchEnd(priority = Priority.CHECKPOINT - 1)
    void validating(ValidationBatchEnd event) {
      say("VALIDATING " + event.epoch() + " " + event.batchIndex());
    }

    private void say(String line) {
      System.out.println(line);
      if (line.equals(pauseAt)) {
        try {
          shuttingDown.await(60, TimeUnit.SECONDS);
          Thread.sleep(200); // lets fitkit's own hook, started alongside, ask for the exit
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** Makes the checkpoint handler's own save at train end fail: its state cannot be saved then. */
  @FitHandler(id = "test.fails-last-save", autoLoad = false)
  public static final class FailsLastSave implements dev.fitkit.spi.StatefulHandler<Integer> {
    private boolean ending;

    @OnTrainEnd(priority = Priority.LAST_CHECKPOINT - 1)
    void end() {
      ending = true;
    }

    @Override
    public Class<Integer> stateType() {
      return Integer.class;
    }

    @Override
    public Integer saveState() {
      if (ending) {
        throw new IllegalStateException("last save failed");
      }
      return 0;
    }

    @Override
    public void restoreState(Integer state) {}
  }

  /** Fails at train begin or train end. */
  @FitHandler(id = "test.throws", autoLoad = false)
  public static final class Throws {
    private final boolean atBegin;

    Throws(boolean atBegin) {
      this.atBegin = atBegin;
    }

    @OnTrainBegin(priority = Integer.MAX_VALUE)
    void begin() {
      if (atBegin) {
        throw new IllegalStateException("set-up failed");
      }
    }

    @OnTrainEnd(priority = Priority.GRADIENT_UPDATE - 1000)
    void end() {
      if (!atBegin) {
        throw new IllegalStateException("clean-up failed");
      }
    }
  }
}

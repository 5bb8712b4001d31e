package dev.fitkit.loop;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import com.google.gson.JsonElement;
import dev.fitkit.Budget;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.History;
import dev.fitkit.LearningRate;
import dev.fitkit.StopReason;
import dev.fitkit.checkpoint.Checkpoint;
import dev.fitkit.checkpoint.RunState;
import dev.fitkit.event.FitContext;
import dev.fitkit.optimizer.StatefulOptimizer;
import dev.fitkit.spi.StatefulHandler;
import dev.fitkit.state.ParameterBytes;
import dev.fitkit.state.ParameterNames;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The mutable state of one {@code fit} or {@code evaluate}; events read it through {@link
 * FitContext}.
 */
public final class LoopState implements FitContext {
  private final Trainer trainer;
  private final Optimizer optimizer;
  private final Long seed;
  private final Map<String, StatefulHandler<?>> statefulHandlers;
  private final List<Device> devices;
  private final LearningRate learningRate;
  private final Budget budget;
  private final History history;
  private final Map<String, Double> metrics = new LinkedHashMap<>();
  private final List<StopReason> stopReasons = new ArrayList<>();
  private final long startNanos = System.nanoTime();
  private Supplier<Map<String, Double>> validation;
  // A stack: validation runs inside the validation handler, whose own stop requests must stay its
  // own.
  private final Deque<String> handlers = new ArrayDeque<>();
  private int epoch;
  private long batch = -1;
  private long globalStep;
  private boolean batchDone;
  private boolean epochEnded;

  LoopState(
      LoopSetup setup,
      Budget budget,
      History history,
      Map<String, StatefulHandler<?>> statefulHandlers) {
    this.trainer = setup.trainer();
    this.optimizer = setup.optimizer();
    this.seed = setup.seed();
    this.statefulHandlers = statefulHandlers;
    List<Device> devices = setup.devices();
    LearningRate learningRate = setup.learningRate();
    this.devices = List.copyOf(devices);
    this.learningRate = learningRate;
    this.budget = budget;
    this.history = history;
  }

  @Override
  public Trainer trainer() {
    return trainer;
  }

  @Override
  public List<Device> devices() {
    return devices;
  }

  @Override
  public Map<String, Double> metrics() {
    return Collections.unmodifiableMap(metrics);
  }

  @Override
  public void putMetric(String name, double value) {
    metrics.put(name, value);
  }

  @Override
  public History history() {
    return history;
  }

  @Override
  public double learningRate() {
    return learningRate == null ? Double.NaN : learningRate.current();
  }

  @Override
  public Optional<LearningRate> learningRateControl() {
    return Optional.ofNullable(learningRate);
  }

  @Override
  public int epoch() {
    return epoch;
  }

  @Override
  public long batch() {
    return batch;
  }

  @Override
  public long globalStep() {
    return globalStep;
  }

  @Override
  public Budget budget() {
    return budget;
  }

  @Override
  public Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  @Override
  public void requestStop(String reason) {
    String source = handlers.isEmpty() ? "user" : handlers.peek();
    stopReasons.add(new StopReason(source, epoch, batch, reason));
  }

  @Override
  public boolean stopRequested() {
    return !stopReasons.isEmpty();
  }

  @Override
  public boolean hasValidationData() {
    return validation != null;
  }

  @Override
  public Map<String, Double> validate() {
    if (validation == null) {
      throw new FitConfigurationException(
          "A handler asked for validation, but the fit has no validation data: pass a validation"
              + " dataset to fit(train, validation, budget).");
    }
    return validation.get();
  }

  @Override
  public Checkpoint snapshot() {
    Block block = trainer.getModel().getBlock();
    List<long[]> shapes = block.describeInput().values().stream().map(Shape::getShape).toList();
    Map<String, JsonElement> handlerStates = new LinkedHashMap<>();
    statefulHandlers.forEach((id, handler) -> handlerStates.put(id, HandlerStates.save(handler)));
    long stepsDone = globalStep + (batchDone ? 1 : 0);
    long batchesInEpoch = epochEnded || batchDone ? batch + 1 : Math.max(batch, 0);
    RunState run =
        new RunState(
            RunState.FORMAT,
            epoch,
            batchesInEpoch,
            epochEnded,
            stepsDone,
            budget == null ? Long.MAX_VALUE : budget.maxEpochs(),
            budget == null ? Long.MAX_VALUE : budget.maxBatches(),
            null,
            seed,
            learningRate == null ? 1f : learningRate.factor(),
            shapes,
            HistoryEntries.of(history),
            handlerStates);
    byte[] optimizerState =
        optimizer instanceof StatefulOptimizer stateful && stateful.canSaveState()
            ? stateful.saveState(new ParameterNames(block).nameOf())
            : null;
    return new Checkpoint(run, ParameterBytes.save(block), optimizerState);
  }

  public List<StopReason> stopReasons() {
    return List.copyOf(stopReasons);
  }

  void setValidation(Supplier<Map<String, Double>> validation) {
    this.validation = validation;
  }

  void enterHandler(String handlerId) {
    handlers.push(handlerId);
  }

  void leaveHandler() {
    handlers.pop();
  }

  void beginEpoch(int epoch) {
    this.epoch = epoch;
    this.batch = -1;
    this.epochEnded = false;
  }

  void beginBatch(long batch) {
    this.batch = batch;
    this.batchDone = false;
  }

  boolean batchDone() {
    return batchDone;
  }

  /** Back to the training batch a validation pass interrupted. */
  void restoreBatch(long batch, boolean done) {
    this.batch = batch;
    this.batchDone = done;
  }

  /** Backward has run: from here on the batch counts as trained in a snapshot. */
  void markBatchDone() {
    batchDone = true;
  }

  void endBatch() {
    globalStep++;
    batchDone = false;
  }

  void endEpoch() {
    epochEnded = true;
  }

  /** Continues a saved run: the next batch is the one after {@code globalStep}. */
  void resumeAt(long globalStep) {
    this.globalStep = globalStep;
  }

  Long seed() {
    return seed;
  }

  Map<String, StatefulHandler<?>> statefulHandlers() {
    return statefulHandlers;
  }

  /** Where the loop is, for error messages. */
  String position() {
    return "epoch " + epoch + (batch >= 0 ? ", batch " + batch : "") + ", step " + globalStep;
  }
}

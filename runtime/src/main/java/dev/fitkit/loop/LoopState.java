package dev.fitkit.loop;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import dev.fitkit.Budget;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.History;
import dev.fitkit.LearningRate;
import dev.fitkit.StopReason;
import dev.fitkit.checkpoint.Checkpoint;
import dev.fitkit.event.EventKind;
import dev.fitkit.event.FitContext;
import dev.fitkit.event.FitEvent;
import dev.fitkit.graph.GraphNetwork;
import dev.fitkit.run.ParameterBytes;
import dev.fitkit.run.RunCodec;
import dev.fitkit.run.RunPosition;
import dev.fitkit.spi.StatefulHandler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One {@code fit} or {@code evaluate} as events see it ({@link FitContext}): its {@link
 * RunPosition}, the metrics published, the stop requests, the history, and the snapshot a
 * checkpoint takes of it all.
 */
public final class LoopState implements FitContext {
  private final Trainer trainer;
  private final List<Device> devices;
  private final LearningRate learningRate;
  private final Long seed;
  private final RunCodec codec;
  private final History history;
  private final Map<String, StatefulHandler<?>> statefulHandlers;
  private final EventDispatcher dispatcher;
  private final Map<String, Double> metrics = new LinkedHashMap<>();
  private final Set<String> declaredMetrics = new LinkedHashSet<>();
  private final List<StopReason> stopReasons = new ArrayList<>();
  private final long startNanos = System.nanoTime();
  // A stack: validation runs inside the validation handler, whose own stop requests must stay its
  // own.
  private final Deque<String> handlers = new ArrayDeque<>();
  private RunPosition position;
  private Supplier<Map<String, Double>> validation;
  private Checkpoint resumePoint;
  private boolean firstStepChecked;
  private final GraphNetwork graph;

  LoopState(
      LoopSetup setup,
      RunCodec codec,
      RunPosition position,
      History history,
      EventDispatcher dispatcher) {
    this.trainer = setup.trainer();
    this.devices = setup.devices();
    this.learningRate = setup.learningRate();
    this.seed = setup.seed();
    this.graph = setup.graph();
    this.codec = codec;
    this.position = position;
    this.history = history;
    this.dispatcher = dispatcher;
    this.statefulHandlers = dispatcher.statefulHandlers();
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"}) // the kind of the event's own class takes it
  public void publish(FitEvent event) {
    dispatcher.fire((EventKind) EventKind.of(event.getClass()), event, this);
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
  public void declareMetric(String name) {
    declaredMetrics.add(name);
  }

  @Override
  public Set<String> declaredMetrics() {
    return Collections.unmodifiableSet(declaredMetrics);
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
    return position.epoch();
  }

  @Override
  public long batch() {
    return position.validating() ? position.validationBatchIndex() : position.batchIndex();
  }

  @Override
  public long globalStep() {
    return position.globalStep();
  }

  @Override
  public long stepsCompleted() {
    return position.stepsCompleted();
  }

  @Override
  public long batchesInEpoch() {
    return position.batchesInEpoch();
  }

  @Override
  public int epochsEnded() {
    return position.epochsEnded();
  }

  @Override
  public boolean validated() {
    return position.validated();
  }

  @Override
  public boolean resumed() {
    return position.resumed();
  }

  @Override
  public Budget budget() {
    return position.budget();
  }

  @Override
  public Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  @Override
  public void requestStop(String reason) {
    String source = handlers.isEmpty() ? "user" : handlers.peek();
    stopReasons.add(new StopReason(source, epoch(), batch(), reason));
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
    if (resumePoint != null) {
      return resumePoint;
    }
    if (!initialized()) {
      throw new IllegalStateException(
          "Nothing to snapshot yet: the network's parameters are created by the first batch.");
    }
    return codec.capture(new RunCodec.Live(position, metrics, history, statefulHandlers));
  }

  public List<StopReason> stopReasons() {
    return List.copyOf(stopReasons);
  }

  RunPosition position() {
    return position;
  }

  int stopCount() {
    return stopReasons.size();
  }

  /** Continues a saved run: its position and the metrics it had published. */
  void resumeFrom(RunCodec.Restored restored) {
    position = restored.position();
    metrics.putAll(restored.metrics());
  }

  /**
   * From here on, every snapshot is this moment's: the run's state stops being one a resume can
   * start from (an epoch cut short is about to end, a validation pass at epoch end was cut short).
   */
  void freezeResumePoint() {
    if (resumePoint == null && initialized()) {
      resumePoint = codec.capture(new RunCodec.Live(position, metrics, history, statefulHandlers));
    }
  }

  boolean firstStepChecked() {
    return firstStepChecked;
  }

  void firstStepChecked(boolean checked) {
    firstStepChecked = checked;
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

  Long seed() {
    return seed;
  }

  @Override
  public byte[] weights() {
    return graph != null
        ? graph.saveVariables()
        : ParameterBytes.save(trainer.getModel().getBlock());
  }

  @Override
  public void putBackWeights(byte[] weights) {
    if (graph != null) {
      graph.restoreVariables(weights);
      return;
    }
    try {
      ParameterBytes.load(
          trainer.getModel().getBlock(), trainer.getModel().getNDManager(), weights);
    } catch (MalformedModelException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private boolean initialized() {
    if (graph != null) {
      return true; // a loaded graph's variables have values from the start
    }
    for (Parameter parameter : trainer.getModel().getBlock().getParameters().values()) {
      if (!parameter.isInitialized()) {
        return false;
      }
    }
    return true;
  }

  /** Where the loop is, for error messages. */
  String where() {
    return position.validating()
        ? "epoch "
            + epoch()
            + ", validation batch "
            + position.validationBatchIndex()
            + ", step "
            + globalStep()
        : position.toString();
  }
}

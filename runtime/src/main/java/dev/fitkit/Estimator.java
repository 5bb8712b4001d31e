package dev.fitkit;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import dev.fitkit.checkpoint.CheckpointStore;
import dev.fitkit.event.EventKind;
import dev.fitkit.graph.GraphBatchProcessor;
import dev.fitkit.graph.GraphLoss;
import dev.fitkit.graph.GraphNetwork;
import dev.fitkit.graph.GraphTrainer;
import dev.fitkit.handlers.GradientUpdateHandler;
import dev.fitkit.handlers.HistoryHandler;
import dev.fitkit.handlers.LoggingHandler;
import dev.fitkit.handlers.MetricHandler;
import dev.fitkit.handlers.TerminateOnNaN;
import dev.fitkit.handlers.ValidationHandler;
import dev.fitkit.handlers.WeightAveraging;
import dev.fitkit.loop.DefaultBatchProcessor;
import dev.fitkit.loop.EventDispatcher;
import dev.fitkit.loop.LoopSetup;
import dev.fitkit.loop.Rewind;
import dev.fitkit.loop.TrainingLoop;
import dev.fitkit.optimizer.Adam;
import dev.fitkit.run.OptimizerGate;
import dev.fitkit.spi.FitModule;
import dev.fitkit.wiring.HandlerAssembly;
import dev.fitkit.wiring.HandlerCatalog;
import dev.fitkit.wiring.HandlerSelection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a DJL network: Gluon's Fit API. An estimator holds the network, loss, metrics and
 * optimizer; {@link #fit} runs the loop and the handlers customise it.
 *
 * <pre>{@code
 * try (Estimator estimator = Estimator.builder()
 *     .block(net).loss(Loss.softmaxCrossEntropyLoss()).metrics(new Accuracy()).build()) {
 *   FitResult result = estimator.fit(train, test, 5);
 * }
 * }</pre>
 *
 * Every {@code fit} and {@code evaluate} builds its handlers anew: the built-in ones (gradient
 * update, metrics, validation, history, logging, the refusal of a non-finite loss), the ones passed
 * to the builder, and the auto-loaded ones found on the class path, unless discovery is off.
 *
 * <p>One fit (or evaluate) runs at a time per JVM: DJL's engine cannot train two networks at once
 * in one process, so a second, started while the first runs on another thread, is refused.
 */
public final class Estimator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Estimator.class);

  private final Model model;
  private final boolean ownsModel;
  private final Trainer trainer;
  private final LoopSetup setup;
  private final List<Object> handlers;
  private final List<Class<?>> handlerTypes;
  private final boolean discoverHandlers;
  private final Set<String> allowedHandlers;
  private final Set<String> deniedHandlers;
  private final HandlerCatalog catalog;
  private final Injector injector;
  private final GraphNetwork graph;

  private Estimator(Builder b, HandlerCatalog catalog, Injector injector) {
    this.model = b.model;
    this.ownsModel = b.ownsModel;
    this.handlers = List.copyOf(b.handlers);
    this.handlerTypes = List.copyOf(b.handlerTypes);
    this.discoverHandlers = b.discoverHandlers;
    this.allowedHandlers = Set.copyOf(b.allowedHandlers);
    this.deniedHandlers = Set.copyOf(b.deniedHandlers);
    this.catalog = catalog;
    this.injector = injector;
    this.graph = b.graph;
    OptimizerGate gate = new OptimizerGate(b.optimizer);
    DefaultTrainingConfig config =
        new DefaultTrainingConfig(b.loss)
            .optOptimizer(gate)
            .optDevices(b.devices.toArray(Device[]::new))
            .addEvaluators(b.metrics);
    if (b.initializer != null) {
      config.optInitializer(b.initializer, Parameter.Type.WEIGHT);
    }
    // An engine that cannot train (TensorFlow) refuses newTrainer; a graph trains itself.
    this.trainer = graph != null ? new GraphTrainer(model, config) : model.newTrainer(config);
    this.setup =
        new LoopSetup(
            trainer, b.devices, b.optimizer, b.learningRate, b.seed, b.batchProcessor, gate, graph);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Trains for {@code epochs} epochs, validating after each when {@code validation} is not null.
   */
  public FitResult fit(Dataset train, Dataset validation, int epochs) {
    return fit(train, validation, Budget.epochs(epochs));
  }

  /** Trains for {@code epochs} epochs without validation. */
  public FitResult fit(Dataset train, int epochs) {
    return fit(train, null, Budget.epochs(epochs));
  }

  /**
   * Trains until the budget is spent or a handler stops training. When the network, the data or a
   * handler throws, every train-end handler still runs and the original error is rethrown.
   *
   * @param validation may be null: no validation
   */
  public FitResult fit(Dataset train, Dataset validation, Budget budget) {
    if (train == null) {
      throw new IllegalArgumentException(
          "fit needs training data: pass a Dataset, e.g. an ArrayDataset");
    }
    if (budget == null) {
      throw new IllegalArgumentException(
          "fit needs a budget: Budget.epochs(n) or Budget.batches(n)");
    }
    requireTrainableGraph();
    return loop().fit(train, validation, budget);
  }

  /**
   * Continues a run saved by a {@code CheckpointHandler}: from the newest checkpoint in {@code
   * checkpoints} (a folder; corrupt files are skipped) or from that checkpoint file. The budget is
   * the whole run's: a run saved after 2 of its epochs and resumed with {@code Budget.epochs(5)}
   * trains 3 more. Build the estimator as the original run was (network, loss, optimizer, handlers,
   * seed); with fitkit's optimizers and a seed, the result matches an uninterrupted run.
   */
  public FitResult resume(Path checkpoints, Dataset train, Dataset validation, Budget budget) {
    if (train == null || budget == null) {
      throw new IllegalArgumentException(
          "resume needs training data and the run's budget, as fit does");
    }
    requireTrainableGraph();
    return loop().resume(train, validation, budget, CheckpointStore.newestValid(checkpoints));
  }

  private void requireTrainableGraph() {
    if (graph != null && !graph.trainable()) {
      throw new FitConfigurationException(graph.untrainableReason());
    }
  }

  /** Runs one validation pass over {@code data}, with handlers, and returns its metrics. */
  public Map<String, Double> evaluate(Dataset data) {
    if (data == null) {
      throw new IllegalArgumentException("evaluate needs data: pass a Dataset");
    }
    return loop().evaluate(data);
  }

  /**
   * Runs the trained network over {@code data} in inference mode, on the estimator's devices,
   * firing {@code @OnPredictBegin}, {@code @OnPredictBatchEnd} and {@code @OnPredictEnd} (the
   * logging handler reports progress), and returns every batch's outputs; close the result to free
   * them. Labels, when the data has any, are ignored.
   */
  public Predictions predict(Dataset data) {
    requireData(data, "predict");
    // A graph's outputs come back on DJL's default engine, as its data came.
    Predictions predictions =
        new Predictions(
            graph != null ? NDManager.newBaseManager() : model.getNDManager().newSubManager());
    long start = System.nanoTime();
    try {
      loop().predict(data, predictions::add);
      predictions.duration(Duration.ofNanos(System.nanoTime() - start));
      return predictions;
    } catch (RuntimeException | Error e) {
      predictions.close();
      throw e;
    }
  }

  /**
   * {@link #predict(Dataset)} without keeping the outputs: for data whose outputs do not fit in
   * memory, with a handler that consumes each batch's (such as {@code
   * dev.fitkit.handlers.PredictionWriter}). Returns the number of samples predicted.
   */
  public long predictEach(Dataset data) {
    requireData(data, "predictEach");
    return loop().predict(data, null);
  }

  /**
   * A trial run, which leaves no trace: trains on {@code train} until {@code budget} is spent or a
   * handler stops it, with only the optimizer step (this estimator's {@link GradientUpdateHandler}
   * when one was given, so its clipping and accumulation apply) and {@code handlers}; none of the
   * estimator's other handlers, no discovered ones, no metrics, validation, history or logging.
   * When it ends, however it ended, the network's parameters, the optimizer's state and the
   * learning rate (schedule, factor, update count) are put back bit for bit: a {@code fit} after it
   * gives what it would have given without it. A network not yet initialized is initialized by the
   * trial's first batch, as a fit would do it (with {@link Builder#seed}, with the same values).
   * This is how {@code dev.fitkit.tuning.LearningRateFinder} runs its range test. On a {@link
   * Builder#graph graph} there is no optimizer step: the graph's train call updates it, and its
   * variables, optimizer slots included, are what is put back.
   *
   * <p>Putting back needs an optimizer whose state can be saved (one of {@code
   * dev.fitkit.optimizer}'s, such as the default Adam) and one device; otherwise it fails before
   * training, saying so.
   *
   * @param handlers handler instances that run in the trial, e.g. one that changes the learning
   *     rate and records the loss
   */
  public FitResult trial(Dataset train, Budget budget, Object... handlers) {
    if (train == null || budget == null) {
      throw new IllegalArgumentException(
          "trial needs training data and a budget, e.g. trial(train, Budget.batches(100),"
              + " handler)");
    }
    List<Object> instances = new ArrayList<>(List.of(Rewind.of(setup)));
    instances.addAll(Arrays.asList(handlers));
    this.handlers.stream().filter(GradientUpdateHandler.class::isInstance).forEach(instances::add);
    HandlerAssembly assembly = new HandlerAssembly(catalog, injector);
    EventDispatcher trialHandlers =
        assembly.assemble(
            optimizerStep(assembly),
            instances,
            List.of(),
            false,
            new HandlerSelection(Set.of(), Set.of()));
    return new TrainingLoop(setup, trialHandlers).fit(train, null, budget);
  }

  private static void requireData(Dataset data, String method) {
    if (data == null) {
      throw new IllegalArgumentException(method + " needs data: pass a Dataset");
    }
  }

  /**
   * The listeners of {@code kind} in the order a fit would call them, as {@code handlerId#method}.
   */
  public List<String> listenerOrder(EventKind<?> kind) {
    return dispatcher().order(kind);
  }

  public Model model() {
    return model;
  }

  public Trainer trainer() {
    return trainer;
  }

  /** Releases the trainer, and the model when the estimator created it from a block. */
  @Override
  public void close() {
    trainer.close();
    if (ownsModel) {
      model.close();
    }
  }

  private TrainingLoop loop() {
    return new TrainingLoop(setup, dispatcher());
  }

  /** The handler that runs the optimizer step, if any: a graph updates itself in its train call. */
  private List<Object> optimizerStep(HandlerAssembly assembly) {
    return graph == null ? List.of(assembly.create(GradientUpdateHandler.class)) : List.of();
  }

  private EventDispatcher dispatcher() {
    HandlerAssembly assembly = new HandlerAssembly(catalog, injector);
    // Built by Guice, so their options (fitkit.logging.batch-interval, ...) apply to them too.
    List<Object> defaults = new ArrayList<>(optimizerStep(assembly));
    defaults.add(new MetricHandler());
    defaults.add(assembly.create(ValidationHandler.class));
    defaults.add(assembly.create(HistoryHandler.class));
    defaults.add(assembly.create(LoggingHandler.class));
    defaults.add(assembly.create(TerminateOnNaN.class));
    return assembly.assemble(
        defaults,
        handlers,
        handlerTypes,
        discoverHandlers,
        HandlerSelection.of(allowedHandlers, deniedHandlers, System.getProperties()));
  }

  /** Collects the estimator's parts; {@link #build()} checks them and fills in logged defaults. */
  public static final class Builder {
    private Model model;
    private Block block;
    private boolean ownsModel;
    private Loss loss;
    private final List<Evaluator> metrics = new ArrayList<>();
    private Optimizer optimizer;
    private LearningRate learningRate;
    private Initializer initializer;
    private List<Device> devices;
    private BatchProcessor batchProcessor;
    private final List<Object> handlers = new ArrayList<>();
    private final List<Class<?>> handlerTypes = new ArrayList<>();
    private final List<Module> modules = new ArrayList<>();
    private boolean discoverHandlers = true;
    private final Set<String> allowedHandlers = new LinkedHashSet<>();
    private final Set<String> deniedHandlers = new LinkedHashSet<>();
    private ClassLoader classLoader;
    private Long seed;
    private GraphNetwork graph;

    private Builder() {}

    /** The DJL model to train; its block must be set. The caller keeps ownership. */
    public Builder model(Model model) {
      this.model = model;
      return this;
    }

    /**
     * A network that runs as a graph of its own engine and, when it can, trains itself, such as
     * {@code fitkit-tensorflow}'s {@code TensorFlowGraph}: instead of a model or block, an
     * optimizer and an initializer. Its variables are the graph's; the learning rate of each update
     * is the estimator's {@link #learningRate}, and the loss is the graph's own when it computes
     * one. The caller keeps ownership.
     */
    public Builder graph(GraphNetwork graph) {
      this.graph = graph;
      return this;
    }

    /** The network to train, in a model the estimator creates and closes. */
    public Builder block(Block block) {
      this.block = block;
      return this;
    }

    public Builder loss(Loss loss) {
      this.loss = loss;
      return this;
    }

    /** Metrics tracked in training and validation, e.g. {@code new Accuracy()}. */
    public Builder metrics(Evaluator... metrics) {
      this.metrics.addAll(Arrays.asList(metrics));
      return this;
    }

    public Builder optimizer(Optimizer optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    /** The learning rate the optimizer was built with, so logs and history report it. */
    public Builder learningRate(LearningRate learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    /** How weights are initialized; by default each block's own (Xavier for DJL's layers). */
    public Builder initializer(Initializer initializer) {
      this.initializer = initializer;
      return this;
    }

    /** Devices each batch is split across; by default the engine's (all GPUs, else the CPU). */
    public Builder devices(Device... devices) {
      this.devices = List.of(devices);
      return this;
    }

    /** Replaces how one batch goes through the network (several outputs or losses, ...). */
    public Builder batchProcessor(BatchProcessor batchProcessor) {
      this.batchProcessor = batchProcessor;
      return this;
    }

    /** Handler instances to run; one of a built-in handler's class replaces that built-in. */
    public Builder handlers(Object... handlers) {
      this.handlers.addAll(Arrays.asList(handlers));
      return this;
    }

    /** Handler classes for Guice to build (also those marked {@code autoLoad = false}). */
    public Builder handlerTypes(Class<?>... types) {
      this.handlerTypes.addAll(Arrays.asList(types));
      return this;
    }

    /** Guice modules whose bindings handlers can {@code @Inject}. */
    public Builder modules(Module... modules) {
      this.modules.addAll(Arrays.asList(modules));
      return this;
    }

    /** Whether to run the auto-loaded handlers found on the class path (default true). */
    public Builder discoverHandlers(boolean discover) {
      this.discoverHandlers = discover;
      return this;
    }

    /**
     * Runs only the discovered handlers of these ids (with those of the system property {@code
     * fitkit.handlers.allow}); handlers passed here and the built-in ones always run.
     */
    public Builder allowHandlers(String... ids) {
      this.allowedHandlers.addAll(Arrays.asList(ids));
      return this;
    }

    /**
     * Never runs the discovered handlers of these ids (with those of the system property {@code
     * fitkit.handlers.deny}), e.g. a pack's handler that should stay off for this estimator.
     */
    public Builder denyHandlers(String... ids) {
      this.deniedHandlers.addAll(Arrays.asList(ids));
      return this;
    }

    /**
     * Seeds the engine at every epoch (with {@code seed + epoch}, for the shuffle) and before every
     * training batch is read (from the seed, the epoch and the batch's index): shuffles, dropout
     * and other randomness repeat from run to run, and a run resumed mid-epoch repeats them as the
     * original did.
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Where to look for handler registrations; by default the thread's context class loader. */
    public Builder classLoader(ClassLoader classLoader) {
      this.classLoader = classLoader;
      return this;
    }

    public Estimator build() {
      if (graph != null) {
        useGraph();
      } else {
        EngineRequirement.require();
        requireNetwork();
        requireTrainableEngine();
      }
      if (loss == null) {
        throw new FitConfigurationException(
            "Estimator needs a loss: call .loss(...), e.g. Loss.softmaxCrossEntropyLoss() for"
                + " classification or new dev.fitkit.loss.L2Loss() for regression.");
      }
      if (loss instanceof ai.djl.training.loss.L2Loss) {
        LOG.warn(
            "DJL's L2Loss multiplies by its weight with mul(Number): on the PyTorch engine a"
                + " garbage collection between forward and backward can turn its gradients into"
                + " garbage. Use the drop-in dev.fitkit.loss.L2Loss (README: \"Constants in your"
                + " own losses and blocks\").");
      }
      fillDefaults();
      ClassLoader loader =
          classLoader != null ? classLoader : Thread.currentThread().getContextClassLoader();
      return new Estimator(this, HandlerCatalog.load(loader), injector(loader));
    }

    /** A graph brings its network, its optimizer and its step: the DJL parts must stay unset. */
    private void useGraph() {
      String name = graph.model().getName();
      refuseWithGraph(
          model != null || block != null, ".model(...) or .block(...)", "is the network");
      refuseWithGraph(
          optimizer != null,
          ".optimizer(...)",
          "updates its variables with the optimizer it was exported with (set the rate with"
              + " .learningRate(...))");
      refuseWithGraph(initializer != null, ".initializer(...)", "holds its variables' values");
      refuseWithGraph(
          batchProcessor != null, ".batchProcessor(...)", "runs each batch through its signatures");
      for (Object handler : handlers) {
        refuseHandlerWithGraph(handler.getClass());
      }
      handlerTypes.forEach(this::refuseHandlerWithGraph);
      if (graph.computesLoss()) {
        refuseWithGraph(loss != null, ".loss(...)", "computes its own loss");
        loss = new GraphLoss();
      }
      model = graph.model();
      ownsModel = false;
      if (devices == null || devices.isEmpty()) {
        devices = List.of(model.getNDManager().getDevice());
      } else if (!devices.equals(List.of(model.getNDManager().getDevice()))) {
        throw new FitConfigurationException(
            "The graph "
                + name
                + " runs on "
                + model.getNDManager().getDevice()
                + ", where it was loaded; .devices("
                + devices
                + ") cannot move it. Load the graph on the device instead.");
      }
      if (learningRate == null) {
        learningRate = LearningRate.fixed(0.001f);
        LOG.info("No learning rate given: the graph {} trains with 0.001", name);
      }
      batchProcessor = new GraphBatchProcessor(graph, learningRate);
    }

    private void refuseWithGraph(boolean given, String call, String why) {
      if (given) {
        throw new FitConfigurationException(
            "Estimator got "
                + call
                + " with .graph(...), but the graph "
                + graph.model().getName()
                + " "
                + why
                + ": remove "
                + call
                + ".");
      }
    }

    private void refuseHandlerWithGraph(Class<?> type) {
      if (GradientUpdateHandler.class.isAssignableFrom(type)
          || WeightAveraging.class.isAssignableFrom(type)) {
        throw new FitConfigurationException(
            type.getSimpleName()
                + " works on DJL's gradients and parameters, which the graph "
                + graph.model().getName()
                + " does not expose: its update (and any clipping or averaging) happens inside"
                + " its train signature. Remove the handler, or build the clipping into the"
                + " graph.");
      }
    }

    private void requireTrainableEngine() {
      String engine = model.getNDManager().getEngine().getEngineName();
      if ("TensorFlow".equals(engine)) {
        throw new FitConfigurationException(
            "The model "
                + model.getName()
                + " runs on DJL's TensorFlow engine, which computes no gradients (no Trainer, no"
                + " GradientCollector), so fitkit cannot run it as a DJL network. With"
                + " fitkit-tensorflow (README, \"TensorFlow\"): pass the SavedModel as a graph,"
                + " .graph(TensorFlowGraph.load(folder)), to evaluate or predict it, and to train"
                + " it when it exports train, eval, save and restore signatures (TrainableGraph"
                + " builds such SavedModels); or train a PyTorch network on what it computes: new"
                + " SequentialBlock().add(new TensorFlowFeatures(TensorFlowSavedModel.load(folder,"
                + " signature))).add(head).");
      }
    }

    private void requireNetwork() {
      if (model != null && block != null) {
        throw new FitConfigurationException(
            "Estimator got both a model and a block: pass one, .model(model) or .block(block).");
      }
      if (block != null) {
        model = Model.newInstance("fitkit");
        model.setBlock(block);
        ownsModel = true;
      }
      if (model == null) {
        throw new FitConfigurationException(
            "Estimator needs a network: call .block(block) with a DJL Block, or .model(model)"
                + " with a Model whose block is set.");
      }
      if (model.getBlock() == null) {
        throw new FitConfigurationException(
            "The model "
                + model.getName()
                + " has no block: call model.setBlock(block) first,"
                + " or pass the block with .block(block).");
      }
    }

    private void fillDefaults() {
      if (optimizer == null && graph == null) {
        if (learningRate == null) {
          learningRate = LearningRate.fixed(0.001f);
        }
        optimizer = Adam.builder().learningRate(learningRate).build();
        LOG.info("No optimizer given: using Adam with learning rate {}", learningRate.valueAt(0));
      }
      if (devices == null || devices.isEmpty()) {
        devices = List.of(Engine.getInstance().getDevices());
        LOG.info("No devices given: using {}", devices);
      }
      if (metrics.isEmpty()) {
        LOG.info("No metrics given: only the loss is tracked");
      }
      if (batchProcessor == null) {
        batchProcessor = new DefaultBatchProcessor();
      }
    }

    private Injector injector(ClassLoader loader) {
      List<Module> all = new ArrayList<>(modules);
      if (discoverHandlers) {
        ServiceLoader.load(FitModule.class, loader).forEach(all::add);
      }
      try {
        return Guice.createInjector(all);
      } catch (CreationException e) {
        throw new FitConfigurationException(
            "The Guice modules given to the estimator (or contributed by handler packs) are"
                + " inconsistent: "
                + e.getMessage(),
            e);
      }
    }
  }
}

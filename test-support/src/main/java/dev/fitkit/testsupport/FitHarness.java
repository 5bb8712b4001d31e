package dev.fitkit.testsupport;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import com.google.inject.Binder;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.name.Named;
import com.google.inject.name.Names;
import dev.fitkit.Budget;
import dev.fitkit.Estimator;
import dev.fitkit.FitResult;
import dev.fitkit.LearningRate;
import dev.fitkit.event.EventKind;
import dev.fitkit.handlers.CheckpointHandler;
import dev.fitkit.metric.Accuracy;
import dev.fitkit.optimizer.Adam;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs handlers inside a real {@code fit}, for a handler pack's unit tests: a small MLP learns
 * three {@link Blobs} on the CPU in a fraction of a second, with validation data, a fixed seed and
 * the loop's every built-in handler, so a handler meets the events, metrics and history a real run
 * gives it.
 *
 * <pre>{@code
 * FitResult result = FitHarness.withHandlers(new MyHandler()).epochs(2).fit();
 * assertEquals(2, result.history().size());
 * }</pre>
 *
 * <p>Defaults: 96 training points and 48 validation points in batches of 16 (6 and 3 batches per
 * epoch), 2 epochs, seed 42, fitkit's Adam at learning rate 0.05 (passed to the estimator, so
 * handlers can read and change it), the metric {@code accuracy} (so {@code "train accuracy"},
 * {@code "validation accuracy"}, {@code "train loss"}, {@code "validation loss"} exist), the CPU,
 * and <b>no discovery</b>: only the handlers given here run, so another pack on the test class path
 * cannot change the result. {@link #discoverHandlers(boolean) discoverHandlers(true)} runs every
 * auto-loaded handler and {@code FitModule} on the class path, as a user's estimator would: the way
 * to test that a pack's registrations work.
 *
 * <p>Each {@link #fit()}, {@link #evaluate()} or {@link #resume(Path)} builds a new estimator, new
 * data and new handlers from the handler types and factories; handler instances passed to {@link
 * #handlers(Object...)} are reused as they are. A harness is not thread-safe, and fits run one at a
 * time per JVM (DJL's engine trains one network at a time).
 *
 * <p>Loading this class sets {@code ai.djl.offline=true} and one PyTorch thread per operation and
 * between operations ({@code ai.djl.pytorch.num_threads}, {@code num_interop_threads}), unless
 * those system properties are set already: tests share machines, and PyTorch's default of a thread
 * per core slows a shared machine a hundredfold. PyTorch reads them once, when the engine loads: a
 * test that touches the engine before this class loads should pass them as JVM arguments instead
 * (e.g. surefire's {@code <argLine>}).
 */
public final class FitHarness {
  /** Training points by default. */
  public static final int DEFAULT_SAMPLES = 96;

  /** Validation points by default. */
  public static final int DEFAULT_VALIDATION_SAMPLES = 48;

  /** Points per batch by default. */
  public static final int DEFAULT_BATCH_SIZE = 16;

  /** The seed of the data and of the engine by default. */
  public static final long DEFAULT_SEED = 42;

  /** The learning rate of the default optimizer. */
  public static final float DEFAULT_LEARNING_RATE = 0.05f;

  static {
    defaultProperty("ai.djl.offline", "true");
    defaultProperty("ai.djl.pytorch.num_threads", "1");
    defaultProperty("ai.djl.pytorch.num_interop_threads", "1");
  }

  private final List<Object> handlers = new ArrayList<>();
  private final List<Supplier<?>> factories = new ArrayList<>();
  private final List<Class<?>> handlerTypes = new ArrayList<>();
  private final List<Module> modules = new ArrayList<>();
  private final Map<String, Object> options = new LinkedHashMap<>();
  private final List<Consumer<Estimator.Builder>> customizations = new ArrayList<>();
  private Budget budget = Budget.epochs(2);
  private int samples = DEFAULT_SAMPLES;
  private int validationSamples = DEFAULT_VALIDATION_SAMPLES;
  private int batchSize = DEFAULT_BATCH_SIZE;
  private long seed = DEFAULT_SEED;
  private float learningRate = DEFAULT_LEARNING_RATE;
  private boolean shuffle;
  private boolean discover;
  private Supplier<Block> network = FitHarness::mlp;
  private Path checkpoints;

  private FitHarness() {}

  /** A harness that runs only the built-in handlers; add yours with the methods below. */
  public static FitHarness create() {
    return new FitHarness();
  }

  /** A harness that runs {@code handlers}, instances reused by every run. */
  public static FitHarness withHandlers(Object... handlers) {
    return create().handlers(handlers);
  }

  /** A harness whose runs build {@code types} with Guice, as {@code .handlerTypes(...)} does. */
  public static FitHarness withHandlerTypes(Class<?>... types) {
    return create().handlerTypes(types);
  }

  /**
   * A harness whose every run gets new handler instances from {@code factories}, as a new process
   * would: the way to test a stateful handler across {@link #resume(Path)}.
   */
  @SafeVarargs
  public static FitHarness withHandlersFrom(Supplier<?>... factories) {
    return create().handlersFrom(factories);
  }

  /** The network the harness trains by default: 2 inputs, 16 ReLU units, 3 class scores. */
  public static Block mlp() {
    return new SequentialBlock()
        .add(Linear.builder().setUnits(16).build())
        .add(Activation::relu)
        .add(Linear.builder().setUnits(Blobs.CLASSES).build());
  }

  /** Adds handler instances, reused by every run (one of a built-in's class replaces it). */
  public FitHarness handlers(Object... handlers) {
    this.handlers.addAll(Arrays.asList(handlers));
    return this;
  }

  /** Adds handler factories, called anew for every run. */
  @SafeVarargs
  public final FitHarness handlersFrom(Supplier<?>... factories) {
    this.factories.addAll(Arrays.asList(factories));
    return this;
  }

  /** Adds handler classes for Guice to build, with the {@link #modules} and {@link #option}s. */
  public FitHarness handlerTypes(Class<?>... types) {
    this.handlerTypes.addAll(Arrays.asList(types));
    return this;
  }

  /** Adds Guice modules whose bindings handlers can {@code @Inject}. */
  public FitHarness modules(Module... modules) {
    this.modules.addAll(Arrays.asList(modules));
    return this;
  }

  /**
   * Binds {@code value} under {@code @Named(name)}, e.g. {@code option("acme.upload.every", 2)} for
   * a handler that reads it through {@code OptionSource} or injects it. Text, numbers, booleans,
   * enums and classes are bound as Guice constants (which Guice converts: the text {@code "2"}
   * injects into an {@code int}); a {@link Path} or {@link Duration} under its interface type; any
   * other object under its own class. A system property of the same name wins over it, as in any
   * fit.
   */
  public FitHarness option(String name, Object value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    options.put(name, value);
    return this;
  }

  /**
   * Whether runs also discover auto-loaded handlers and {@code FitModule}s on the class path
   * (default false: only the handlers given to the harness run).
   */
  public FitHarness discoverHandlers(boolean discover) {
    this.discover = discover;
    return this;
  }

  /** Trains {@code epochs} epochs (default 2). */
  public FitHarness epochs(int epochs) {
    this.budget = Budget.epochs(epochs);
    return this;
  }

  /** Trains {@code batches} training batches instead of a number of epochs. */
  public FitHarness batches(long batches) {
    this.budget = Budget.batches(batches);
    return this;
  }

  /** Trains on {@code samples} points (default 96). */
  public FitHarness samples(int samples) {
    this.samples = positive("samples", samples);
    return this;
  }

  /** Validates on {@code samples} points after every epoch (default 48); 0 turns validation off. */
  public FitHarness validationSamples(int samples) {
    if (samples < 0) {
      throw new IllegalArgumentException("validationSamples must be 0 or more, got " + samples);
    }
    this.validationSamples = samples;
    return this;
  }

  /** No validation data: {@code fit(train, null, budget)}. */
  public FitHarness withoutValidation() {
    return validationSamples(0);
  }

  /** Points per batch, for training and validation (default 16). */
  public FitHarness batchSize(int batchSize) {
    this.batchSize = positive("batchSize", batchSize);
    return this;
  }

  /** Shuffles the training batches at every epoch (default false: one fixed order). */
  public FitHarness shuffle(boolean shuffle) {
    this.shuffle = shuffle;
    return this;
  }

  /** Seeds the data and the engine (default 42): two runs of one harness train alike. */
  public FitHarness seed(long seed) {
    this.seed = seed;
    return this;
  }

  /** The learning rate of the default optimizer (default 0.05). */
  public FitHarness learningRate(float learningRate) {
    this.learningRate = learningRate;
    return this;
  }

  /** Trains another network on the blobs (it must take 2 features and give 3 class scores). */
  public FitHarness network(Supplier<Block> network) {
    this.network = Objects.requireNonNull(network, "network");
    return this;
  }

  /**
   * Changes the estimator before it is built: another optimizer, loss, metric, batch processor.
   * Called for every run, after the harness's own settings, so whatever it sets wins.
   */
  public FitHarness configure(Consumer<Estimator.Builder> customization) {
    customizations.add(Objects.requireNonNull(customization, "customization"));
    return this;
  }

  /**
   * Every run saves checkpoints in {@code folder}: at each epoch end and when training ends (a
   * {@link CheckpointHandler} with its defaults, keeping every file, not saving on JVM exit).
   */
  public FitHarness checkpoints(Path folder) {
    this.checkpoints = Objects.requireNonNull(folder, "folder");
    return this;
  }

  /** Training batches per epoch with the current samples and batch size. */
  public int batchesPerEpoch() {
    return (samples + batchSize - 1) / batchSize;
  }

  /** Runs one fit and returns what it did; the history holds one record per epoch. */
  public FitResult fit() {
    return run((estimator, data) -> estimator.fit(data.train(), data.validation(), budget));
  }

  /** One validation pass on the validation points (48 by default), with the handlers. */
  public Map<String, Double> evaluate() {
    if (validationSamples == 0) {
      throw new IllegalStateException(
          "evaluate runs on the validation points: set validationSamples(n) to more than 0");
    }
    return run((estimator, data) -> estimator.evaluate(data.validation()));
  }

  /**
   * Continues the run whose checkpoints are in {@code folder} with this harness's budget (the whole
   * run's, as {@code Estimator.resume} takes it), in a new estimator, saving its own checkpoints
   * there too.
   */
  public FitResult resume(Path folder) {
    Path saved = checkpoints;
    checkpoints = Objects.requireNonNull(folder, "folder");
    try {
      return run(
          (estimator, data) -> estimator.resume(folder, data.train(), data.validation(), budget));
    } finally {
      checkpoints = saved;
    }
  }

  /**
   * A run cut short and resumed, as a crash and a restart: a fit of {@code batches} batches that
   * saves its checkpoints in {@code folder}, then {@link #resume(Path)} with this harness's budget.
   * With the default optimizer and metric (whose state checkpoints save) and factories for the
   * stateful handlers, {@code resumed()} ends as an uninterrupted {@link #fit()} would.
   */
  public ResumedRun interruptAndResume(Path folder, long batches) {
    Budget whole = budget;
    Path saved = checkpoints;
    FitResult first;
    try {
      budget = Budget.batches(batches);
      checkpoints = Objects.requireNonNull(folder, "folder");
      first = fit();
    } finally {
      budget = whole;
      checkpoints = saved;
    }
    return new ResumedRun(first, resume(folder));
  }

  /**
   * The listeners a run would call for {@code kind}, in order, as {@code handlerId#method}: shows
   * which handlers run (e.g. that discovery finds a pack's) without training.
   */
  public List<String> listenerOrder(EventKind<?> kind) {
    try (Estimator estimator = builder().build()) {
      return estimator.listenerOrder(kind);
    }
  }

  /**
   * The estimator a run would use, for what the methods above do not cover; the caller closes it.
   * Data for it: {@link Blobs#dataset(NDManager, int, int, long)}.
   */
  public Estimator estimator() {
    return builder().build();
  }

  private <T> T run(RunBody<T> body) {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu());
        Estimator estimator = builder().build()) {
      Dataset train = Blobs.dataset(manager, samples, batchSize, seed, shuffle);
      Dataset validation =
          validationSamples == 0
              ? null
              : Blobs.dataset(manager, validationSamples, batchSize, seed + 1, false);
      return body.apply(estimator, new Data(train, validation));
    }
  }

  private Estimator.Builder builder() {
    LearningRate lr = LearningRate.fixed(learningRate);
    Estimator.Builder builder =
        Estimator.builder()
            .block(network.get())
            .loss(Loss.softmaxCrossEntropyLoss())
            .metrics(new Accuracy())
            .optimizer(Adam.builder().learningRate(lr).build())
            .learningRate(lr)
            .devices(Device.cpu())
            .seed(seed)
            .discoverHandlers(discover)
            .handlers(handlers.toArray())
            .handlerTypes(handlerTypes.toArray(Class<?>[]::new))
            .modules(modules.toArray(Module[]::new));
    for (Supplier<?> factory : factories) {
      builder.handlers(factory.get());
    }
    if (!options.isEmpty()) {
      Map<String, Object> bound = Map.copyOf(options);
      builder.modules(binder -> bound.forEach((name, value) -> bind(binder, name, value)));
    }
    if (checkpoints != null) {
      builder.handlers(
          CheckpointHandler.builder(checkpoints).maxCheckpoints(0).saveOnExit(false).build());
    }
    customizations.forEach(c -> c.accept(builder));
    return builder;
  }

  @SuppressWarnings({"unchecked", "rawtypes"}) // the bound type is the value's own, checked here
  private static void bind(Binder binder, String name, Object value) {
    Named named = Names.named(name);
    if (value instanceof String s) {
      binder.bindConstant().annotatedWith(named).to(s);
    } else if (value instanceof Integer i) {
      binder.bindConstant().annotatedWith(named).to(i);
    } else if (value instanceof Long l) {
      binder.bindConstant().annotatedWith(named).to(l);
    } else if (value instanceof Double d) {
      binder.bindConstant().annotatedWith(named).to(d);
    } else if (value instanceof Float f) {
      binder.bindConstant().annotatedWith(named).to(f);
    } else if (value instanceof Boolean b) {
      binder.bindConstant().annotatedWith(named).to(b);
    } else if (value instanceof Enum<?> e) {
      binder.bindConstant().annotatedWith(named).to((Enum) e);
    } else if (value instanceof Class<?> c) {
      binder.bindConstant().annotatedWith(named).to(c);
    } else if (value instanceof Path p) {
      binder.bind(Key.get(Path.class, named)).toInstance(p);
    } else if (value instanceof Duration d) {
      binder.bind(Key.get(Duration.class, named)).toInstance(d);
    } else {
      binder.bind((Key) Key.get(value.getClass(), named)).toInstance(value);
    }
  }

  private static int positive(String what, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " must be 1 or more, got " + value);
    }
    return value;
  }

  /** Sets a system property unless it is set (by {@code -D}, or by the test). */
  static void defaultProperty(String name, String value) {
    if (System.getProperty(name) == null) {
      System.setProperty(name, value);
    }
  }

  private record Data(Dataset train, Dataset validation) {}

  @FunctionalInterface
  private interface RunBody<T> {
    T apply(Estimator estimator, Data data);
  }

  /**
   * A run cut short and its continuation.
   *
   * @param interrupted the first fit, stopped by its batch budget after saving checkpoints
   * @param resumed the resumed fit; its history is the whole run's
   */
  public record ResumedRun(FitResult interrupted, FitResult resumed) {}
}

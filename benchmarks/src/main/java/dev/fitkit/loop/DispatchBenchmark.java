package dev.fitkit.loop;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.fitkit.History;
import dev.fitkit.benchmarks.NoOpPack;
import dev.fitkit.event.BatchEnd;
import dev.fitkit.event.BatchOutput;
import dev.fitkit.event.EventKind;
import dev.fitkit.optimizer.Adam;
import dev.fitkit.run.OptimizerGate;
import dev.fitkit.run.RunCodec;
import dev.fitkit.run.RunPosition;
import dev.fitkit.spi.HandlerBinding;
import dev.fitkit.wiring.HandlerCatalog;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One batch-end event fired to {@code listeners} no-op handlers, each its own class from a handler
 * pack compiled with the processor and discovered from its jar, as in a real fit: what the loop
 * pays per listener and per event. With {@code -prof gc}, the bytes it allocates.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DispatchBenchmark {
  @Param({"1", "10", "100"})
  public int listeners;

  private Model model;
  private Trainer trainer;
  private EventDispatcher dispatcher;
  private LoopState state;
  private BatchEnd event;
  private URLClassLoader loader;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Path work = Files.createTempDirectory("fitkit-dispatch");
    Path jar = NoOpPack.build(listeners, work);
    loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader());
    // Only the pack's handlers: others on the class path (the contrib pack) are not measured.
    Injector injector = Guice.createInjector();
    EventDispatcher.Builder builder = EventDispatcher.builder();
    for (HandlerBinding<?> binding : HandlerCatalog.load(loader).autoLoaded()) {
      if (binding.handlerClass().getClassLoader() == loader) {
        bind(binding, injector, builder);
      }
    }
    dispatcher = builder.build();
    if (dispatcher.order(EventKind.BATCH_END).size() != listeners) {
      throw new IllegalStateException("expected " + listeners + " listeners");
    }
    model = Model.newInstance("dispatch");
    model.setBlock(Linear.builder().setUnits(1).build());
    Adam adam = Adam.builder().build();
    OptimizerGate gate = new OptimizerGate(adam);
    trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(gate));
    trainer.initialize(new Shape(1, 1));
    LoopSetup setup =
        new LoopSetup(
            trainer, List.of(Device.cpu()), adam, null, null, new DefaultBatchProcessor(), gate);
    state =
        new LoopState(
            setup,
            new RunCodec(trainer, adam, null, null, null),
            new RunPosition(null),
            new History(),
            dispatcher);
    event = new BatchEnd(state, new BatchOutput(null, List.of()));
  }

  private static <H> void bind(
      HandlerBinding<H> binding, Injector injector, EventDispatcher.Builder builder) {
    H handler = injector.getInstance(binding.handlerClass());
    binding.bind(handler, builder.registryFor(binding.id(), handler));
  }

  @Benchmark
  public void fireBatchEnd() {
    dispatcher.fire(EventKind.BATCH_END, event, state);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    trainer.close();
    model.close();
    loader.close();
  }
}

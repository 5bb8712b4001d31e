package dev.fitkit.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.fitkit.optimizer.Adam;
import java.util.ArrayList;
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

/** One Adam step over LeNet's ten parameter arrays: fitkit's (saveable) against DJL's own. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1"})
public class OptimizerStepBenchmark {
  private static final Shape[] LENET = {
    new Shape(6, 1, 5, 5), new Shape(6), new Shape(16, 6, 5, 5), new Shape(16),
    new Shape(120, 400), new Shape(120), new Shape(84, 120), new Shape(84),
    new Shape(10, 84), new Shape(10)
  };

  @Param({"fitkit", "djl"})
  public String adam;

  private NDManager manager;
  private Optimizer optimizer;
  private final List<NDArray> weights = new ArrayList<>();
  private final List<NDArray> gradients = new ArrayList<>();
  private final List<String> ids = new ArrayList<>();

  @Setup(Level.Trial)
  public void setUp() {
    manager = NDManager.newBaseManager();
    optimizer =
        "fitkit".equals(adam)
            ? Adam.builder().learningRate(Tracker.fixed(0.001f)).build()
            : Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.001f)).build();
    for (Shape shape : LENET) {
      NDArray weight = manager.randomNormal(shape);
      weight.setRequiresGradient(true);
      weights.add(weight);
      gradients.add(manager.randomNormal(shape));
      ids.add("p" + ids.size());
    }
  }

  @Benchmark
  public void step() {
    for (int i = 0; i < weights.size(); i++) {
      optimizer.update(ids.get(i), weights.get(i), gradients.get(i));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    manager.close();
  }
}

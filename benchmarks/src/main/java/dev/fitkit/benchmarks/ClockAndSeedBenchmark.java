package dev.fitkit.benchmarks;

import ai.djl.engine.Engine;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two per-call costs the loop added: one clock read per listener call (handler timing) and one
 * engine seeding per training batch (with {@code seed(n)}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Dai.djl.pytorch.num_threads=1"})
public class ClockAndSeedBenchmark {
  private Engine engine;
  private int seed;

  @Setup
  public void setUp() {
    engine = Engine.getInstance();
  }

  @Benchmark
  public long clockRead() {
    return System.nanoTime();
  }

  @Benchmark
  public void seedTheEngine() {
    engine.setRandomSeed(seed++);
  }
}

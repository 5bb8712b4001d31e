package dev.fitkit.benchmarks;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.fitkit.Budget;
import dev.fitkit.Estimator;
import dev.fitkit.examples.data.FashionMnist;
import dev.fitkit.examples.nets.LeNet;
import dev.fitkit.metric.Accuracy;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What it costs to get to the first trained batch: building the estimator (handlers, Guice,
 * trainer) and fitting one LeNet batch, against making a DJL trainer and training one batch by
 * hand. Paid once per fit; a short run pays it in full.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 20)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class FirstBatchBenchmark {
  private FashionMnist oneBatch;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    oneBatch =
        FashionMnist.builder().optUsage(Usage.TRAIN).setSampling(128, false).optLimit(128).build();
    oneBatch.prepare();
    Engine.getInstance().setRandomSeed(1);
  }

  @Benchmark
  public long fit() {
    try (Estimator estimator =
        Estimator.builder()
            .block(LeNet.build())
            .loss(Loss.softmaxCrossEntropyLoss())
            .metrics(new Accuracy())
            .discoverHandlers(false)
            .build()) {
      return estimator.fit(oneBatch, null, Budget.batches(1)).batches();
    }
  }

  @Benchmark
  public double handWritten() throws Exception {
    try (Model model = Model.newInstance("first-batch")) {
      model.setBlock(LeNet.build());
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
              .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.001f)).build())
              .addEvaluator(new ai.djl.training.evaluator.Accuracy());
      try (Trainer trainer = model.newTrainer(config)) {
        return HandWrittenLoop.epoch(trainer, oneBatch);
      }
    }
  }
}

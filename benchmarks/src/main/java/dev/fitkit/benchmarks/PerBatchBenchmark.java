package dev.fitkit.benchmarks;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.fitkit.Budget;
import dev.fitkit.Estimator;
import dev.fitkit.metric.Accuracy;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a loop costs per batch, beyond the network: an epoch of 500 batches of 4 samples through a
 * network too small to take any time (one dense layer, 2 inputs, 3 outputs), with the Adam update,
 * the mean loss and an accuracy read every batch. The score is per batch: fit's minus the
 * hand-written loop's is the Fit API's overhead per batch, which divided by a real network's batch
 * time gives its cost there.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Dai.djl.pytorch.num_threads=1",
      "-Dai.djl.pytorch.num_interop_threads=1",
      "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"
    })
public class PerBatchBenchmark {
  private static final int BATCHES = 500;

  // fit-seeded: fit with .seed(1), which seeds the engine before every batch.
  @Param({"fit", "fit-seeded", "hand-written", "easy-train"})
  public String loop;

  private NDManager manager;
  private ArrayDataset data;
  private Estimator estimator;
  private Model model;
  private Trainer trainer;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Engine.getInstance().setRandomSeed(1);
    manager = NDManager.newBaseManager();
    data =
        new ArrayDataset.Builder()
            .setData(manager.randomNormal(new Shape(4 * BATCHES, 2)))
            .optLabels(
                manager.randomInteger(
                    0, 3, new Shape(4 * BATCHES), ai.djl.ndarray.types.DataType.FLOAT32))
            .setSampling(4, false)
            .build();
    if (loop.startsWith("fit")) {
      Estimator.Builder builder =
          Estimator.builder()
              .block(Linear.builder().setUnits(3).build())
              .loss(Loss.softmaxCrossEntropyLoss())
              .metrics(new Accuracy());
      if ("fit-seeded".equals(loop)) {
        builder.seed(1);
      }
      estimator = builder.build();
    } else {
      model = Model.newInstance(loop);
      model.setBlock(Linear.builder().setUnits(3).build());
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
              .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.001f)).build())
              .addEvaluator(new ai.djl.training.evaluator.Accuracy());
      if ("easy-train".equals(loop)) {
        config.addTrainingListeners(TrainingListener.Defaults.basic());
      }
      trainer = model.newTrainer(config);
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCHES)
  public void epoch() throws Exception {
    switch (loop) {
      case "fit", "fit-seeded" -> estimator.fit(data, null, Budget.epochs(1));
      case "hand-written" -> HandWrittenLoop.epoch(trainer, data);
      default -> EasyTrain.fit(trainer, 1, data, null);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (estimator != null) {
      estimator.close();
    } else {
      trainer.close();
      model.close();
    }
    manager.close();
  }
}

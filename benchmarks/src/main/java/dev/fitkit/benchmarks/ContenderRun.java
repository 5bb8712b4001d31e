package dev.fitkit.benchmarks;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.fitkit.Budget;
import dev.fitkit.Estimator;
import dev.fitkit.FitResult;
import dev.fitkit.LearningRate;
import dev.fitkit.examples.data.FashionMnist;
import dev.fitkit.metric.Accuracy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One contender's run, in a JVM of its own: loads the data, builds the network, trains a warm-up
 * slice (natives, JIT, the network's initialization), then times one epoch, and prints {@code
 * RESULT <seconds> <batches> <mean loss of the last epoch> <peak resident KB>}. Only the epoch is
 * timed, for every contender alike.
 *
 * <p>Arguments: contender id, network id, training samples, warm-up batches.
 */
public final class ContenderRun {
  private ContenderRun() {}

  public static void main(String[] args) throws Exception {
    Contender contender = Contender.of(args[0]);
    Network network = Network.valueOf(args[1].toUpperCase(Locale.ROOT));
    int samples = Integer.parseInt(args[2]);
    int warmupBatches = Integer.parseInt(args[3]);
    FashionMnist train = data(network, samples);
    FashionMnist warmup = data(network, warmupBatches * network.batchSize);
    train.prepare();
    warmup.prepare();
    Engine.getInstance().setRandomSeed(1);
    double[] result =
        switch (contender) {
          case FIT, FIT_100_HANDLERS -> fit(network, null, train, warmup);
          case FIT_DJL_ADAM -> fit(network, "djl", train, warmup);
          case HAND_WRITTEN, EASY_TRAIN -> djl(contender, network, train, warmup);
          case PYTHON -> throw new IllegalArgumentException("Python runs in python3");
        };
    System.out.printf(
        Locale.ROOT,
        "RESULT %.6f %d %.6f %d%n",
        result[0],
        (long) result[1],
        result[2],
        peakResidentKb());
  }

  private static FashionMnist data(Network network, int limit) {
    return FashionMnist.builder()
        .optUsage(Usage.TRAIN)
        .setSampling(network.batchSize, false)
        .optLimit(limit)
        .build();
  }

  /** {seconds, batches, loss} of the timed epoch. */
  private static double[] fit(
      Network network, String optimizer, FashionMnist train, FashionMnist warmup) {
    Estimator.Builder builder =
        Estimator.builder()
            .block(network.build())
            .loss(Loss.softmaxCrossEntropyLoss())
            .metrics(new Accuracy());
    if ("djl".equals(optimizer)) {
      LearningRate lr = LearningRate.fixed(0.001f);
      builder.optimizer(Optimizer.adam().optLearningRateTracker(lr).build()).learningRate(lr);
    }
    try (Estimator estimator = builder.build()) {
      estimator.fit(warmup, null, Budget.epochs(1));
      long start = System.nanoTime();
      FitResult result = estimator.fit(train, null, Budget.epochs(1));
      double seconds = (System.nanoTime() - start) / 1e9;
      return new double[] {seconds, result.batches(), result.history().last().metric("train loss")};
    }
  }

  private static double[] djl(
      Contender contender, Network network, FashionMnist train, FashionMnist warmup)
      throws Exception {
    try (Model model = Model.newInstance(contender.id())) {
      model.setBlock(network.build());
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
              .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.001f)).build())
              .addEvaluator(new ai.djl.training.evaluator.Accuracy());
      if (contender == Contender.EASY_TRAIN) {
        config.addTrainingListeners(TrainingListener.Defaults.basic());
      }
      try (Trainer trainer = model.newTrainer(config)) {
        if (contender == Contender.EASY_TRAIN) {
          EasyTrain.fit(trainer, 1, warmup, null);
          long start = System.nanoTime();
          EasyTrain.fit(trainer, 1, train, null);
          double seconds = (System.nanoTime() - start) / 1e9;
          float loss = trainer.getTrainingResult().getTrainLoss();
          return new double[] {seconds, Math.ceil(train.size() / (double) network.batchSize), loss};
        }
        HandWrittenLoop.epoch(trainer, warmup);
        long start = System.nanoTime();
        double loss = HandWrittenLoop.epoch(trainer, train);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new double[] {seconds, Math.ceil(train.size() / (double) network.batchSize), loss};
      }
    }
  }

  /** The JVM's peak resident memory (VmHWM), in KB; -1 where /proc does not say. */
  static long peakResidentKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (Exception e) {
      // not Linux
    }
    return -1;
  }
}

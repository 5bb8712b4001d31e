package dev.fitkit.examples.bench;

import ai.djl.engine.Engine;
import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import dev.fitkit.Estimator;
import dev.fitkit.FitResult;
import dev.fitkit.LearningRate;
import dev.fitkit.examples.TrainingOptions;
import dev.fitkit.examples.data.FashionMnist;
import dev.fitkit.examples.nets.LeNet;
import dev.fitkit.metric.Accuracy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Times {@code Estimator.fit} against the hand-written DJL loop on the same LeNet and data,
 * alternating the two so both see the same machine state, and prints the ratio of medians.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Times Estimator.fit against a hand-written DJL loop (LeNet, Fashion-MNIST) and prints the"
            + " ratio.")
public final class BenchCommand implements Callable<Integer> {
  @Mixin TrainingOptions options;

  @Option(names = "--repeats", description = "Timed runs of each loop (default: ${DEFAULT-VALUE}).")
  int repeats = 3;

  @Override
  public Integer call() throws Exception {
    FashionMnist train =
        FashionMnist.builder()
            .optDirectory(options.data)
            .optUsage(Usage.TRAIN)
            .setSampling(options.batchSize, false)
            .optLimit(options.limit)
            .build();
    FashionMnist test =
        FashionMnist.builder()
            .optDirectory(options.data)
            .optUsage(Usage.TEST)
            .setSampling(options.batchSize, false)
            .optLimit(2000)
            .build();
    train.prepare();
    test.prepare();
    timeFit(train, test); // warm-up: natives, JIT
    List<Double> hand = new ArrayList<>();
    List<Double> fit = new ArrayList<>();
    for (int i = 0; i < repeats; i++) {
      hand.add(timeHandWritten(train, test));
      fit.add(timeFit(train, test));
    }
    double ratio = median(fit) / median(hand);
    System.out.printf(
        Locale.ROOT,
        "LeNet, %d training samples, batch %d, %d epoch(s), %d runs each%n"
            + "hand-written DJL loop: median %.2f s %s%n"
            + "Estimator.fit:         median %.2f s %s%n"
            + "fit / hand-written = %.3f%n",
        train.size(),
        options.batchSize,
        options.epochs,
        repeats,
        median(hand),
        hand,
        median(fit),
        fit,
        ratio);
    return 0;
  }

  private double timeHandWritten(FashionMnist train, FashionMnist test) throws Exception {
    Engine.getInstance().setRandomSeed(1);
    long start = System.nanoTime();
    HandWrittenLoop.train(LeNet.build(), train, test, options.epochs);
    return (System.nanoTime() - start) / 1e9;
  }

  private double timeFit(FashionMnist train, FashionMnist test) {
    Engine.getInstance().setRandomSeed(1);
    long start = System.nanoTime();
    LearningRate lr = LearningRate.fixed(0.001f);
    try (Estimator estimator =
        Estimator.builder()
            .block(LeNet.build())
            .loss(Loss.softmaxCrossEntropyLoss())
            .trainMetrics(new Accuracy())
            .optimizer(Optimizer.adam().optLearningRateTracker(lr).build())
            .learningRate(lr)
            .devices(options.devices())
            .build()) {
      FitResult result = estimator.fit(train, null, options.epochs);
      estimator.evaluate(test);
      result.history().last();
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}

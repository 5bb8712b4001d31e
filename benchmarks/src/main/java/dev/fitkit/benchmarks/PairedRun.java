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
import dev.fitkit.LearningRate;
import dev.fitkit.examples.data.FashionMnist;
import dev.fitkit.metric.Accuracy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Java contenders side by side in one JVM, each with its own network: after a warm-up they
 * train one epoch each, in a shuffled order every round, and each round gives every contender's
 * time over the hand-written loop's of that round. On a machine whose speed drifts (a shared VM),
 * neighbouring epochs see nearly the same machine, so these paired ratios are steadier than ratios
 * of separate processes' medians; the price is a shared JVM (JIT, heap) for all contenders.
 *
 * <p>{@code bin/bench --paired [lenet|mlp] [rounds] [samples]}
 */
public final class PairedRun {
  private PairedRun() {}

  /** One contender, built and warmed up: {@link #epoch()} trains and times one epoch. */
  private interface Timed {
    double epoch() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    Network network = Network.valueOf(args.length > 0 ? args[0].toUpperCase(Locale.ROOT) : "MLP");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    int samples = args.length > 2 ? Integer.parseInt(args[2]) : 60000;
    FashionMnist train =
        FashionMnist.builder()
            .optUsage(Usage.TRAIN)
            .setSampling(network.batchSize, false)
            .optLimit(samples)
            .build();
    train.prepare();
    Engine.getInstance().setRandomSeed(1);
    URLClassLoader pack =
        new URLClassLoader(
            new URL[] {NoOpPack.build(100, Files.createTempDirectory("paired")).toUri().toURL()},
            PairedRun.class.getClassLoader());
    Map<Contender, Timed> contenders = new LinkedHashMap<>();
    contenders.put(Contender.FIT, fit(network, train, null, false));
    contenders.put(Contender.FIT_DJL_ADAM, fit(network, train, null, true));
    contenders.put(Contender.FIT_100_HANDLERS, fit(network, train, pack, false));
    contenders.put(Contender.HAND_WRITTEN, djl(network, train, false));
    contenders.put(Contender.EASY_TRAIN, djl(network, train, true));
    for (Timed timed : contenders.values()) {
      timed.epoch(); // warm-up
    }
    List<Contender> order = new ArrayList<>(contenders.keySet());
    Map<Contender, List<Double>> ratios = new LinkedHashMap<>();
    Map<Contender, List<Double>> seconds = new LinkedHashMap<>();
    java.util.Random shuffle = new java.util.Random(42);
    for (int round = 0; round < rounds; round++) {
      // A fresh order each round, so no contender always follows the same one (and its garbage);
      // a collection before each epoch, so none inherits another's heap.
      java.util.Collections.shuffle(order, shuffle);
      Map<Contender, Double> times = new LinkedHashMap<>();
      for (Contender c : order) {
        System.gc();
        times.put(c, contenders.get(c).epoch());
      }
      double hand = times.get(Contender.HAND_WRITTEN);
      times.forEach(
          (c, t) -> {
            ratios.computeIfAbsent(c, k -> new ArrayList<>()).add(t / hand);
            seconds.computeIfAbsent(c, k -> new ArrayList<>()).add(t);
          });
    }
    System.out.printf(
        Locale.ROOT,
        "%s, batch %d, %d samples, %d rounds, one JVM, %s threads per operation%n"
            + "| contender | median s | median of paired ratios to hand-written | middle half of"
            + " the ratios |%n|---|---|---|---|%n",
        network.id(),
        network.batchSize,
        samples,
        rounds,
        System.getProperty("ai.djl.pytorch.num_threads", "default"));
    for (Contender c : contenders.keySet()) {
      double[] r = ratios.get(c).stream().mapToDouble(Double::doubleValue).sorted().toArray();
      System.out.printf(
          Locale.ROOT,
          "| %s | %.3f | %.3f | %.3f to %.3f |%n",
          c.label,
          EndToEnd.median(seconds.get(c).stream().mapToDouble(Double::doubleValue).toArray()),
          EndToEnd.median(r),
          r[r.length / 4],
          r[(3 * r.length) / 4]);
    }
  }

  private static Timed fit(Network network, FashionMnist train, ClassLoader pack, boolean djlAdam) {
    Estimator.Builder builder =
        Estimator.builder()
            .block(network.build())
            .loss(Loss.softmaxCrossEntropyLoss())
            .metrics(new Accuracy());
    if (pack != null) {
      builder.classLoader(pack);
    }
    if (djlAdam) {
      LearningRate lr = LearningRate.fixed(0.001f);
      builder.optimizer(Optimizer.adam().optLearningRateTracker(lr).build()).learningRate(lr);
    }
    Estimator estimator = builder.build();
    return () -> {
      long start = System.nanoTime();
      estimator.fit(train, null, Budget.epochs(1));
      return (System.nanoTime() - start) / 1e9;
    };
  }

  private static Timed djl(Network network, FashionMnist train, boolean easyTrain) {
    Model model = Model.newInstance("paired");
    model.setBlock(network.build());
    DefaultTrainingConfig config =
        new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
            .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.001f)).build())
            .addEvaluator(new ai.djl.training.evaluator.Accuracy());
    if (easyTrain) {
      config.addTrainingListeners(TrainingListener.Defaults.basic());
    }
    Trainer trainer = model.newTrainer(config);
    return () -> {
      long start = System.nanoTime();
      if (easyTrain) {
        EasyTrain.fit(trainer, 1, train, null);
      } else {
        HandWrittenLoop.epoch(trainer, train);
      }
      return (System.nanoTime() - start) / 1e9;
    };
  }
}

package dev.fitkit.benchmarks;

import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.loss.Loss;
import dev.fitkit.Budget;
import dev.fitkit.Estimator;
import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.event.EpochEnd;
import dev.fitkit.examples.data.FashionMnist;
import dev.fitkit.metric.Accuracy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Memory from epoch to epoch of a long fit: the live arrays of the model's manager, the JVM's
 * resident memory and how much of it the Java heap and the JVM's own areas hold, at each epoch end,
 * with every default (MLP, 20 epochs of 12,800 samples).
 *
 * <p>{@code bin/bench --memory}
 */
public final class MemoryOverEpochs {
  private MemoryOverEpochs() {}

  public static void main(String[] args) throws Exception {
    int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    FashionMnist train =
        FashionMnist.builder().optUsage(Usage.TRAIN).setSampling(64, true).optLimit(12800).build();
    System.out.println(
        "| epoch | live arrays | resident MB | Java heap committed MB | non-heap MB |");
    System.out.println("|---|---|---|---|---|");
    try (Estimator estimator =
        Estimator.builder()
            .block(Network.MLP.build())
            .loss(Loss.softmaxCrossEntropyLoss())
            .metrics(new Accuracy())
            .handlers(new Report())
            .build()) {
      estimator.fit(train, null, Budget.epochs(epochs));
    }
  }

  /** Prints the counts at each epoch end. */
  @FitHandler(id = "bench.memory", autoLoad = false)
  public static final class Report {
    @OnEpochEnd
    void report(EpochEnd event) {
      var memory = java.lang.management.ManagementFactory.getMemoryMXBean();
      System.out.printf(
          Locale.ROOT,
          "| %d | %d | %.1f | %.1f | %.1f |%n",
          event.epoch() + 1,
          event.context().model().getNDManager().getManagedArrays().size(),
          residentKb() / 1024.0,
          memory.getHeapMemoryUsage().getCommitted() / 1048576.0,
          memory.getNonHeapMemoryUsage().getCommitted() / 1048576.0);
    }
  }

  private static long residentKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (Exception e) {
      // not Linux
    }
    return -1;
  }
}

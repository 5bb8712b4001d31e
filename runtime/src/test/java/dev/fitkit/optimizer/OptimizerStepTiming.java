package dev.fitkit.optimizer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times Adam update steps on LeNet's parameter shapes: DJL's Adam, fitkit's Adam, and fitkit's Adam
 * before it used the fused update ({@link OldAdam}). A harness, not a test: run it by hand.
 *
 * <pre>{@code
 * mvn -B -q -pl runtime -am test-compile dependency:build-classpath -Djacoco.skip=true \
 *     -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -Dai.djl.offline=true -Dai.djl.default_engine=PyTorch \
 *     -cp runtime/target/test-classes:runtime/target/classes:$(cat /tmp/cp.txt) \
 *     dev.fitkit.optimizer.OptimizerStepTiming [steps per run, 200] [runs each, 15]
 * }</pre>
 *
 * A step updates every parameter once with a fixed gradient handed as a copy, as DJL's parameter
 * server does; each weight has a gradient of its own that the optimizer clears.
 */
public final class OptimizerStepTiming {
  private static final Shape[] LENET = {
    new Shape(6, 1, 5, 5), new Shape(6),
    new Shape(16, 6, 5, 5), new Shape(16),
    new Shape(120, 400), new Shape(120),
    new Shape(84, 120), new Shape(84),
    new Shape(10, 84), new Shape(10),
  };

  private OptimizerStepTiming() {}

  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.getEngine().setRandomSeed(1);
      NDArray[] init = new NDArray[LENET.length];
      NDArray[] grads = new NDArray[LENET.length];
      for (int i = 0; i < LENET.length; i++) {
        init[i] = manager.randomNormal(LENET[i]).muli(0.1f);
        grads[i] = manager.randomNormal(LENET[i]).muli(0.01f);
      }
      List<Contender> contenders =
          List.of(
              new Contender(
                  "DJL Adam",
                  Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build(),
                  init,
                  grads),
              new Contender("fitkit Adam (old)", OldAdam.create(1e-3f), init, grads),
              new Contender(
                  "fitkit Adam (fused)",
                  Adam.builder().learningRate(Tracker.fixed(1e-3f)).build(),
                  init,
                  grads));
      for (Contender c : contenders) {
        c.time(steps); // warm-up
      }
      for (int run = 0; run < runs; run++) {
        for (int k = 0; k < contenders.size(); k++) { // a different one goes first each run
          Contender c = contenders.get((run + k) % contenders.size());
          c.nanosPerStep.add(c.time(steps) / (double) steps);
        }
      }
      report(contenders, steps, runs);
    }
  }

  private static void report(List<Contender> contenders, int steps, int runs) {
    System.out.printf(
        "Adam step on LeNet's %d parameters, %d runs of %d steps, alternating; median (min) per"
            + " step%n",
        LENET.length, runs, steps);
    double djl = contenders.get(0).median();
    for (Contender c : contenders) {
      System.out.printf(
          "  %-20s %8.1f us (%8.1f)   %.2fx DJL%n",
          c.name, c.median() / 1e3, c.min() / 1e3, c.median() / djl);
    }
    System.out.printf(
        "  old / fused: %.2fx%n", contenders.get(1).median() / contenders.get(2).median());
  }

  /** One optimizer with its own copy of the weights. */
  private static final class Contender {
    final String name;
    final Optimizer optimizer;
    final NDArray[] weights;
    final NDArray[] grads;
    final String[] ids; // the same instances every step, as DJL's parameter store passes
    final List<Double> nanosPerStep = new ArrayList<>();

    Contender(String name, Optimizer optimizer, NDArray[] init, NDArray[] grads) {
      this.name = name;
      this.optimizer = optimizer;
      this.grads = grads;
      this.weights = new NDArray[init.length];
      this.ids = new String[init.length];
      for (int i = 0; i < init.length; i++) {
        ids[i] = "p" + i;
        weights[i] = init[i].duplicate();
        weights[i].setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          collector.backward(weights[i].sum()); // gives the weight a gradient to clear
        }
      }
    }

    long time(int steps) {
      long start = System.nanoTime();
      for (int s = 0; s < steps; s++) {
        for (int i = 0; i < weights.length; i++) {
          optimizer.update(ids[i], weights[i], grads[i]);
        }
      }
      return System.nanoTime() - start;
    }

    double median() {
      double[] sorted = nanosPerStep.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      return sorted[sorted.length / 2];
    }

    double min() {
      return nanosPerStep.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }
  }

  /**
   * fitkit's Adam before the fused update, for comparison only: a dozen array operations and
   * temporaries per parameter, a string key per step, and a gradient "cleared" by subtracting it
   * from itself.
   */
  static final class OldAdam extends Optimizer {
    private final Tracker learningRate;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private OldAdam(Builder builder, float lr) {
      super(builder);
      this.learningRate = Tracker.fixed(lr);
    }

    static OldAdam create(float lr) {
      return new OldAdam(new Builder(), lr);
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
      Device device = weight.getDevice();
      Entry entry =
          entries.computeIfAbsent(
              parameterId + "@" + device,
              k -> new Entry(new NDArray[] {weight.zerosLike(), weight.zerosLike()}));
      int t = ++entry.steps;
      float lr = learningRate.getNewValue(parameterId, t);
      float beta1 = 0.9f;
      float beta2 = 0.999f;
      NDArray mean = entry.slots[0];
      NDArray variance = entry.slots[1];
      try (NDScope scope = new NDScope()) {
        NDArray g = grad.mul(rescaleGrad);
        if (clipGrad > 0) {
          g = g.clip(-clipGrad, clipGrad);
        }
        if (getWeightDecay() > 0) {
          g = g.add(weight.mul(getWeightDecay()));
        }
        if (weight.hasGradient()) {
          try (NDArray live = weight.getGradient()) {
            live.subi(live);
          }
        }
        mean.muli(beta1).addi(g.mul(1 - beta1));
        variance.muli(beta2).addi(g.square().muli(1 - beta2));
        double step = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
        weight.subi(mean.div(variance.sqrt().addi(1e-8f)).muli(step));
      }
    }

    private static final class Entry {
      final NDArray[] slots;
      int steps;

      Entry(NDArray[] slots) {
        this.slots = slots;
      }
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
      @Override
      protected Builder self() {
        return this;
      }
    }
  }
}

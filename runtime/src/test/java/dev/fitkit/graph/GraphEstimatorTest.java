package dev.fitkit.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.fitkit.Budget;
import dev.fitkit.Estimator;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.FitResult;
import dev.fitkit.HandlerFailedException;
import dev.fitkit.LearningRate;
import dev.fitkit.Predictions;
import dev.fitkit.TrainingFailedException;
import dev.fitkit.handlers.CheckpointHandler;
import dev.fitkit.handlers.EarlyStoppingHandler;
import dev.fitkit.handlers.GradientUpdateHandler;
import dev.fitkit.handlers.WeightAveraging;
import dev.fitkit.loop.DefaultBatchProcessor;
import dev.fitkit.metric.Accuracy;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.FailAtStep;
import dev.fitkit.testing.Nets;
import dev.fitkit.tuning.LearningRateFinder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The estimator over a {@link GraphNetwork}: its own train call instead of DJL's gradient collector
 * and optimizer, its variables in checkpoints and best weights, the learning rate fed to it, and
 * every refusal of a part that does not apply to a graph.
 */
class GraphEstimatorTest {
  private static NDManager manager;

  @BeforeAll
  static void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  private static ArrayDataset train() {
    return Blobs.dataset(manager, 240, 20, 1, true);
  }

  private static ArrayDataset validation() {
    return Blobs.dataset(manager, 60, 20, 2);
  }

  private static Estimator.Builder on(SoftmaxGraph graph) {
    return Estimator.builder()
        .graph(graph)
        .metrics(new Accuracy())
        .learningRate(LearningRate.fixed(0.5f))
        .discoverHandlers(false)
        .seed(3);
  }

  @Test
  void fitTrainsTheGraphThroughItsOwnTrainCall() {
    try (SoftmaxGraph graph = new SoftmaxGraph(2, 3, true, true);
        Estimator estimator = on(graph).build()) {
      FitResult result = estimator.fit(train(), validation(), 4);
      Map<String, Double> first = result.history().epochs().get(0).metrics();
      Map<String, Double> last = result.history().epochs().get(3).metrics();
      assertTrue(last.get("train loss") < first.get("train loss"), result.history().toString());
      assertTrue(last.get("validation accuracy") > 0.9, last.toString());
      assertEquals(48, result.batches());
    }
  }

  @Test
  void eachUpdateGetsTheEstimatorsLearningRate() {
    // At rate 0 nothing moves; a schedule's values reach history.
    try (SoftmaxGraph graph = new SoftmaxGraph(2, 3, true, true);
        Estimator estimator = on(graph).learningRate(LearningRate.fixed(0f)).build()) {
      NDArray x = manager.create(new float[] {1, 2}, new Shape(1, 2));
      float[] before = graph.outputsOn(x);
      estimator.fit(train(), 1);
      assertArrayEquals(before, graph.outputsOn(x));
    }
    try (SoftmaxGraph graph = new SoftmaxGraph(2, 3, true, true);
        Estimator estimator =
            on(graph)
                .learningRate(
                    LearningRate.of(Tracker.factor().setBaseValue(0.5f).setFactor(0.9f).build()))
                .build()) {
      FitResult result = estimator.fit(train(), 2);
      // 12 updates an epoch; the n-th update gets the schedule's value at n, as DJL's optimizers
      // do: the rate of the 12th and of the 24th.
      assertEquals(0.5 * Math.pow(0.9, 12), result.history().epochs().get(0).learningRate(), 1e-6);
      assertEquals(0.5 * Math.pow(0.9, 24), result.history().epochs().get(1).learningRate(), 1e-6);
    }
  }

  @Test
  void aFailedRunResumesFromItsCheckpointToTheUninterruptedResult(@TempDir Path checkpoints) {
    NDArray x = manager.create(new float[] {1, 2, -3, 0.5f}, new Shape(2, 2));
    float[] expected;
    try (SoftmaxGraph graph = new SoftmaxGraph(2, 3, true, true);
        Estimator estimator = on(graph).build()) {
      estimator.fit(train(), validation(), 3);
      expected = graph.outputsOn(x);
    }
    try (SoftmaxGraph graph = new SoftmaxGraph(2, 3, true, true);
        Estimator estimator =
            on(graph)
                .handlers(CheckpointHandler.builder(checkpoints).build(), new FailAtStep(17))
                .build()) {
      assertThrows(HandlerFailedException.class, () -> estimator.fit(train(), validation(), 3));
    }
    try (SoftmaxGraph graph = new SoftmaxGraph(2, 3, true, true);
        Estimator estimator =
            on(graph).handlers(CheckpointHandler.builder(checkpoints).build()).build()) {
      FitResult resumed = estimator.resume(checkpoints, train(), validation(), Budget.epochs(3));
      assertEquals(36, resumed.batches());
      assertArrayEquals(expected, graph.outputsOn(x));
    }
    // A checkpoint of another graph's variables is refused, naming the graph.
    try (SoftmaxGraph other = new SoftmaxGraph(2, 4, true, true);
        Estimator estimator = on(other).build()) {
      FitConfigurationException e =
          assertThrows(
              FitConfigurationException.class,
              () -> estimator.resume(checkpoints, train(), validation(), Budget.epochs(6)));
      assertTrue(
          e.getMessage().contains(" does not fit the graph softmax-graph: saved shapes"),
          e.getMessage());
      assertTrue(
          e.getMessage().endsWith("Resume with the graph the run was saved from."), e.getMessage());
    }
  }

  @Test
  void aGraphThatFailsInItsTrainCallResumesWithTheScheduleWhereItWas(@TempDir Path checkpoints) {
    NDArray x = manager.create(new float[] {1, 2, -3, 0.5f}, new Shape(2, 2));
    float[] expected;
    try (SoftmaxGraph graph = new SoftmaxGraph(2, 3, true, true);
        Estimator estimator = decaying(graph).build()) {
      estimator.fit(train(), validation(), 2);
      expected = graph.outputsOn(x);
    }
    try (SoftmaxGraph graph = new SoftmaxGraph(2, 3, true, true).failAtTrainCall(17);
        Estimator estimator =
            decaying(graph).handlers(CheckpointHandler.builder(checkpoints).build()).build()) {
      TrainingFailedException e =
          assertThrows(
              TrainingFailedException.class, () -> estimator.fit(train(), validation(), 2));
      assertTrue(e.getMessage().contains("the graph failed at its train call 17"), e.getMessage());
    }
    try (SoftmaxGraph graph = new SoftmaxGraph(2, 3, true, true);
        Estimator estimator =
            decaying(graph).handlers(CheckpointHandler.builder(checkpoints).build()).build()) {
      FitResult resumed = estimator.resume(checkpoints, train(), validation(), Budget.epochs(2));
      assertEquals(24, resumed.batches());
      assertArrayEquals(expected, graph.outputsOn(x), "the 17th update at the 17th rate");
    }
  }

  private static Estimator.Builder decaying(SoftmaxGraph graph) {
    return on(graph)
        .learningRate(LearningRate.of(Tracker.factor().setBaseValue(1f).setFactor(0.8f).build()));
  }

  /** A fast rate and early stopping on the validation loss, restoring the best weights. */
  private static Estimator stoppingEarly(SoftmaxGraph graph) {
    return on(graph)
        .learningRate(LearningRate.fixed(2f))
        .handlers(
            EarlyStoppingHandler.builder()
                .monitor("validation loss")
                .patience(2)
                .restoreBestWeights(true)
                .build())
        .build();
  }

  @Test
  void earlyStoppingPutsTheGraphsBestVariablesBack() {
    try (SoftmaxGraph graph = new SoftmaxGraph(2, 3, true, true);
        Estimator estimator = stoppingEarly(graph)) {
      // Validation on flipped labels: its loss rises as the graph learns.
      FitResult result = estimator.fit(train(), Blobs.flipped(manager, 60, 20, 2), 10);
      assertTrue(result.stoppedEarly(), result.toString());
      double best =
          result.history().epochs().stream()
              .mapToDouble(e -> e.metrics().get("validation loss"))
              .min()
              .orElseThrow();
      double last = result.history().last().metrics().get("validation loss");
      assertTrue(last > best, "the last epoch is not the best: " + result.history());
      Map<String, Double> again = estimator.evaluate(Blobs.flipped(manager, 60, 20, 2));
      assertEquals(best, again.get("validation loss"), 1e-6);
    }
  }

  @Test
  void bestVariablesTheGraphCannotTakeBackFailTheFitSayingSo() {
    try (SoftmaxGraph graph = new SoftmaxGraph(2, 3, true, true).failRestores();
        Estimator estimator = stoppingEarly(graph)) {
      HandlerFailedException e =
          assertThrows(
              HandlerFailedException.class,
              () -> estimator.fit(train(), Blobs.flipped(manager, 60, 20, 2), 10));
      assertTrue(
          e.getMessage()
              .endsWith(
                  "java.lang.IllegalStateException: The best weights no longer fit the network:"
                      + " the restore signature failed"),
          e.getMessage());
    }
  }

  @Test
  void evaluateAndPredictUseTheEstimatorsLossWhenTheGraphHasNone() {
    try (SoftmaxGraph graph = new SoftmaxGraph(2, 3, false, false);
        Estimator estimator =
            Estimator.builder()
                .graph(graph)
                .loss(Loss.softmaxCrossEntropyLoss())
                .metrics(new Accuracy())
                .discoverHandlers(false)
                .build()) {
      Map<String, Double> metrics = estimator.evaluate(validation());
      assertTrue(metrics.get("validation loss") > 0, metrics.toString());
      assertTrue(metrics.containsKey("validation accuracy"), metrics.toString());
      try (Predictions predictions = estimator.predict(validation())) {
        assertEquals(new Shape(60, 3), predictions.output(0).getShape());
      }
      FitConfigurationException e =
          assertThrows(FitConfigurationException.class, () -> estimator.fit(train(), 1));
      assertEquals("softmax-graph was built without its train call", e.getMessage());
      assertThrows(
          FitConfigurationException.class,
          () -> estimator.resume(Path.of("nowhere"), train(), null, Budget.epochs(1)));
    }
  }

  @Test
  void aGraphThatTrainsWithoutReportingALossReportsTheEstimatorsLossOnItsOutputs() {
    List<Double> own;
    try (SoftmaxGraph graph = new SoftmaxGraph(2, 3, true, true);
        Estimator estimator = on(graph).build()) {
      own = trainLosses(estimator.fit(train(), validation(), 3));
    }
    try (SoftmaxGraph graph = new SoftmaxGraph(2, 3, true, false);
        Estimator estimator = on(graph).loss(Loss.softmaxCrossEntropyLoss()).build()) {
      List<Double> reported = trainLosses(estimator.fit(train(), validation(), 3));
      // The same cross entropy, computed by DJL instead of the graph, on the same trajectory.
      for (int i = 0; i < own.size(); i++) {
        assertEquals(own.get(i), reported.get(i), 1e-5, "epoch " + (i + 1));
      }
    }
  }

  private static List<Double> trainLosses(FitResult result) {
    return result.history().epochs().stream().map(e -> e.metrics().get("train loss")).toList();
  }

  @Test
  void aLossOrMetricThatFailsOnTheGraphsOutputsIsNamedBeforeTheFirstUpdate() {
    try (SoftmaxGraph graph = new SoftmaxGraph(2, 3, false, false);
        Estimator estimator =
            Estimator.builder().graph(graph).loss(new Throwing()).discoverHandlers(false).build()) {
      FitConfigurationException e =
          assertThrows(FitConfigurationException.class, () -> estimator.evaluate(validation()));
      assertTrue(
          e.getMessage()
              .startsWith(
                  "The loss throwing (dev.fitkit.graph.GraphEstimatorTest$Throwing) cannot run on"
                      + " PyTorch arrays, the outputs of softmax-graph:"
                      + " java.lang.UnsupportedOperationException: no such op. DJL's PyTorch engine"
                      + " lacks operations some losses need"),
          e.getMessage());
    }
    try (SoftmaxGraph graph = new SoftmaxGraph(2, 3, true, true);
        Estimator estimator = on(graph).metrics(new ThrowingMetric()).build()) {
      byte[] before = graph.saveVariables();
      FitConfigurationException e =
          assertThrows(FitConfigurationException.class, () -> estimator.fit(train(), 1));
      assertTrue(
          e.getMessage()
              .startsWith(
                  "The metric throwing (dev.fitkit.graph.GraphEstimatorTest$ThrowingMetric) cannot"
                      + " run on PyTorch arrays, the outputs of softmax-graph:"),
          e.getMessage());
      assertArrayEquals(before, graph.saveVariables());
    }
  }

  @Test
  void djlPartsThatAGraphReplacesAreRefusedNamingTheFix() {
    try (SoftmaxGraph graph = new SoftmaxGraph(2, 3, true, true)) {
      assertRefused(
          on(graph).block(Nets.mlp()),
          "Estimator got .model(...) or .block(...) with .graph(...), but the graph softmax-graph"
              + " is the network: remove .model(...) or .block(...).");
      assertRefused(
          on(graph).optimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(1)).build()),
          "Estimator got .optimizer(...) with .graph(...), but the graph softmax-graph updates its"
              + " variables with the optimizer it was exported with (set the rate with"
              + " .learningRate(...)): remove .optimizer(...).");
      assertRefused(
          on(graph).initializer(Initializer.ZEROS),
          "Estimator got .initializer(...) with .graph(...), but the graph softmax-graph holds its"
              + " variables' values: remove .initializer(...).");
      assertRefused(
          on(graph).batchProcessor(new DefaultBatchProcessor()),
          "Estimator got .batchProcessor(...) with .graph(...), but the graph softmax-graph runs"
              + " each batch through its signatures: remove .batchProcessor(...).");
      assertRefused(
          on(graph).loss(Loss.l2Loss()),
          "Estimator got .loss(...) with .graph(...), but the graph softmax-graph computes its own"
              + " loss: remove .loss(...).");
      String clipping =
          " works on DJL's gradients and parameters, which the graph softmax-graph does not"
              + " expose: its update (and any clipping or averaging) happens inside its train"
              + " signature. Remove the handler, or build the clipping into the graph.";
      assertRefused(
          on(graph).handlers(GradientUpdateHandler.builder().clipNorm(1).build()),
          "GradientUpdateHandler" + clipping);
      assertRefused(on(graph).handlerTypes(WeightAveraging.class), "WeightAveraging" + clipping);
      assertRefused(
          on(graph).devices(Device.gpu(3)),
          "The graph softmax-graph runs on cpu(), where it was loaded; .devices([gpu(3)]) cannot"
              + " move it. Load the graph on the device instead.");
    }
  }

  @Test
  void aRangeTestOnAGraphLeavesNoTraceAndTheFitAfterItIsTheFitWithoutIt() {
    NDArray x = manager.create(new float[] {1, 2, -3, 0.5f}, new Shape(2, 2));
    float[] expected;
    try (SoftmaxGraph graph = new SoftmaxGraph(2, 3, true, true);
        Estimator estimator = on(graph).build()) {
      estimator.fit(train(), 2);
      expected = graph.outputsOn(x);
    }
    try (SoftmaxGraph graph = new SoftmaxGraph(2, 3, true, true);
        Estimator estimator = on(graph).build()) {
      float[] before = graph.outputsOn(x);
      LearningRateFinder.Result found =
          LearningRateFinder.builder().batches(20).build().run(estimator, train());
      assertEquals(20, found.losses().size(), found.losses().toString());
      assertArrayEquals(before, graph.outputsOn(x), "the trial's updates were undone");
      estimator.fit(train(), 2);
      assertArrayEquals(expected, graph.outputsOn(x));
    }
  }

  @Test
  void aGraphsCheckpointIsRefusedByADjlNetworkNamingWhatItHolds(@TempDir Path checkpoints) {
    try (SoftmaxGraph graph = new SoftmaxGraph(2, 3, true, true);
        Estimator estimator =
            on(graph)
                .handlers(CheckpointHandler.builder(checkpoints).build(), new FailAtStep(5))
                .build()) {
      assertThrows(HandlerFailedException.class, () -> estimator.fit(train(), 2));
    }
    try (Estimator estimator =
        Estimator.builder()
            .block(Nets.mlp())
            .loss(Loss.softmaxCrossEntropyLoss())
            .discoverHandlers(false)
            .build()) {
      FitConfigurationException e =
          assertThrows(
              FitConfigurationException.class,
              () -> estimator.resume(checkpoints, train(), null, Budget.epochs(2)));
      assertTrue(
          e.getMessage()
              .endsWith(
                  " holds a graph's variables (it was saved by a fit over .graph(...)), not the"
                      + " parameters of this network. Resume with the graph the run was saved"
                      + " from."),
          e.getMessage());
    }
  }

  @Test
  void withoutALearningRateTheGraphTrainsAtTheDefault() {
    try (SoftmaxGraph graph = new SoftmaxGraph(2, 3, true, true);
        Estimator estimator = Estimator.builder().graph(graph).discoverHandlers(false).build()) {
      FitResult result = estimator.fit(train(), 1);
      assertEquals(0.001, result.history().epochs().get(0).learningRate(), 1e-9);
      assertEquals(List.of("loss"), List.of(estimator.trainer().getLoss().getName()));
      // The fit above never asked for either.
      UnsupportedOperationException collector =
          assertThrows(
              UnsupportedOperationException.class,
              () -> estimator.trainer().newGradientCollector());
      assertEquals(
          "A graph computes its gradients inside its train call; fitkit never records them",
          collector.getMessage());
      UnsupportedOperationException step =
          assertThrows(UnsupportedOperationException.class, () -> estimator.trainer().step());
      assertEquals(
          "A graph updates its variables inside its train call; there is no optimizer step",
          step.getMessage());
      IllegalStateException loss =
          assertThrows(
              IllegalStateException.class,
              () -> estimator.trainer().getLoss().evaluate(new NDList(), new NDList()));
      assertEquals(
          "The graph computes its loss itself: GraphLoss only names it and is never evaluated",
          loss.getMessage());
    }
  }

  private static void assertRefused(Estimator.Builder builder, String message) {
    FitConfigurationException e = assertThrows(FitConfigurationException.class, builder::build);
    assertEquals(message, e.getMessage());
  }

  /** A loss built on an operation the engine lacks. */
  static final class Throwing extends Loss {
    Throwing() {
      super("throwing");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
      throw new UnsupportedOperationException("no such op");
    }
  }

  /** A metric built on an operation the engine lacks. */
  static final class ThrowingMetric extends Evaluator {
    ThrowingMetric() {
      super("throwing");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
      throw new UnsupportedOperationException("no such op");
    }

    @Override
    public void addAccumulator(String key) {}

    @Override
    public void updateAccumulator(String key, NDList labels, NDList predictions) {}

    @Override
    public void resetAccumulator(String key) {}

    @Override
    public float getAccumulator(String key) {
      return 0;
    }
  }
}

package dev.fitkit.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.tracker.Tracker;
import dev.fitkit.Budget;
import dev.fitkit.Estimator;
import dev.fitkit.FitResult;
import dev.fitkit.History;
import dev.fitkit.LearningRate;
import dev.fitkit.Predictions;
import dev.fitkit.handlers.CheckpointHandler;
import dev.fitkit.handlers.EarlyStoppingHandler;
import dev.fitkit.metric.Accuracy;
import dev.fitkit.tuning.LearningRateFinder;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A TensorFlow graph trained through its own train signature by {@code Estimator.fit}. */
class GraphTrainingTest {
  @TempDir static Path work;
  private static NDManager pytorch;

  @BeforeAll
  static void natives() {
    if (System.getProperty(TensorFlowNatives.CACHE_PROPERTY) == null) {
      System.setProperty(
          TensorFlowNatives.CACHE_PROPERTY,
          Path.of(System.getProperty("basedir", "."), "target", "tensorflow-cache").toString());
    }
    TensorFlowNatives.reset();
    TensorFlowNatives.engine();
    pytorch = Engine.getEngine("PyTorch").newBaseManager();
  }

  @AfterAll
  static void close() {
    pytorch.close();
  }

  static Path mlp(Path folder) {
    return TrainableGraph.builder()
        .inputShape(2)
        .network((g, x) -> g.dense("out", g.tf().nn.relu(g.dense("hidden", x, 16)), 3))
        .loss(TrainableGraph.Loss.softmaxCrossEntropy(3))
        .optimizer(TrainableGraph.Optimizer.adam())
        .seed(3)
        .export(folder);
  }

  @Test
  void theLossFallsAndAccuracyRises() {
    Path folder = mlp(work.resolve("mlp"));
    try (TensorFlowGraph graph = TensorFlowGraph.load(folder);
        Estimator estimator =
            Estimator.builder()
                .graph(graph)
                .metrics(new Accuracy())
                .learningRate(LearningRate.fixed(0.01f))
                .seed(5)
                .build()) {
      FitResult result = estimator.fit(blobs(300, 1), blobs(90, 2), 5);
      var first = result.history().epochs().get(0).metrics();
      var last = result.history().epochs().get(4).metrics();
      assertTrue(last.get("train loss") < first.get("train loss"), result.history().toString());
      assertTrue(last.get("validation accuracy") > 0.9, last.toString());
    }
  }

  @Test
  void aRunThatFailsMidEpochResumesToTheUninterruptedResult() {
    Path folder = mlp(work.resolve("resumed"));
    float[] uninterrupted;
    History expected;
    try (TensorFlowGraph graph = TensorFlowGraph.load(folder);
        Estimator estimator = decaying(graph, null)) {
      expected = estimator.fit(blobs(300, 1), blobs(90, 2), 3).history();
      uninterrupted = outputs(estimator);
    }
    Path checkpoints = work.resolve("checkpoints");
    try (TensorFlowGraph graph = TensorFlowGraph.load(folder);
        Estimator estimator = decaying(graph, CheckpointHandler.builder(checkpoints).build())) {
      // The data fails while batch 17 (epoch 2, its 7th) is read.
      FailingDataset failing = new FailingDataset(blobsBuilder(300, 1), 17);
      assertThrows(RuntimeException.class, () -> estimator.fit(failing, blobs(90, 2), 3));
    }
    try (TensorFlowGraph graph = TensorFlowGraph.load(folder);
        Estimator estimator = decaying(graph, CheckpointHandler.builder(checkpoints).build())) {
      FitResult resumed =
          estimator.resume(checkpoints, blobs(300, 1), blobs(90, 2), Budget.epochs(3));
      assertEquals(30, resumed.batches(), "the run's steps, the resumed ones included");
      assertArrayEquals(uninterrupted, outputs(estimator), "bit for bit");
      for (int epoch = 0; epoch < 3; epoch++) {
        assertEquals(
            expected.epochs().get(epoch).metrics(),
            resumed.history().epochs().get(epoch).metrics());
        assertEquals(
            expected.epochs().get(epoch).learningRate(),
            resumed.history().epochs().get(epoch).learningRate());
      }
    }
  }

  @Test
  void earlyStoppingPutsTheBestVariablesBackThroughTheSaveSignature() {
    Path folder = mlp(work.resolve("early"));
    try (TensorFlowGraph graph = TensorFlowGraph.load(folder);
        Estimator estimator =
            Estimator.builder()
                .graph(graph)
                .learningRate(LearningRate.fixed(0.01f))
                .handlers(
                    EarlyStoppingHandler.builder()
                        .monitor("validation loss")
                        .patience(2)
                        .restoreBestWeights(true)
                        .build())
                .seed(5)
                .build()) {
      // Validation labels moved to the next class: the better the graph learns, the worse they
      // score, so the first epoch is the best.
      FitResult result = estimator.fit(blobs(300, 1), flipped(90, 2), 10);
      assertTrue(result.stoppedEarly(), result.toString());
      assertEquals(3, result.history().epochs().size());
      double best = result.history().epochs().get(0).metrics().get("validation loss");
      assertTrue(best < result.history().last().metrics().get("validation loss"));
      assertEquals(best, estimator.evaluate(flipped(90, 2)).get("validation loss"), 1e-6);
    }
  }

  @Test
  void theLearningRateFinderRunsOnTheGraphAndPutsEveryVariableBack() {
    Path folder = mlp(work.resolve("finder"));
    try (TensorFlowGraph graph = TensorFlowGraph.load(folder);
        Estimator estimator =
            Estimator.builder()
                .graph(graph)
                .learningRate(LearningRate.fixed(0.01f))
                .seed(5)
                .build()) {
      byte[] before = graph.saveVariables();
      LearningRateFinder.Result found =
          LearningRateFinder.builder().batches(30).build().run(estimator, blobs(300, 1));
      assertTrue(found.hasSuggestion(), found.losses().toString());
      // Weights and Adam's moments and powers, through the restore signature.
      assertArrayEquals(before, graph.saveVariables());
    }
  }

  /** The blobs with every label moved to the next class. */
  private static ArrayDataset flipped(int samples, long seed) {
    return blobsBuilder(samples, seed, 1).setSampling(30, false).build();
  }

  /** Adam at a rate that falls every update, so a resume must also restore the schedule. */
  private static Estimator decaying(TensorFlowGraph graph, Object handler) {
    Estimator.Builder builder =
        Estimator.builder()
            .graph(graph)
            .metrics(new Accuracy())
            .learningRate(
                LearningRate.of(
                    Tracker.factor()
                        .setBaseValue(0.02f)
                        .setFactor(0.97f)
                        .optMinValue(0.001f)
                        .build()))
            .seed(5);
    if (handler != null) {
      builder.handlers(handler);
    }
    return builder.build();
  }

  /** The graph's outputs on fixed points, through predict. */
  private static float[] outputs(Estimator estimator) {
    try (Predictions predictions = estimator.predict(blobs(60, 9))) {
      return predictions.output(0).toFloatArray();
    }
  }

  /** Data that fails when its {@code failAt}-th training batch is read, as a corrupt file would. */
  static final class FailingDataset extends ArrayDataset {
    private final long failAt;
    private long reads;

    FailingDataset(ArrayDataset.Builder builder, long failAt) {
      super(builder);
      this.failAt = failAt;
    }

    @Override
    public Batch getByIndices(NDManager manager, long... indices) {
      if (++reads == failAt) {
        throw new IllegalStateException("corrupt batch " + reads);
      }
      return super.getByIndices(manager, indices);
    }
  }

  static ArrayDataset blobs(int samples, long seed) {
    return blobsBuilder(samples, seed).build();
  }

  static ArrayDataset.Builder blobsBuilder(int samples, long seed) {
    return blobsBuilder(samples, seed, 0);
  }

  static ArrayDataset.Builder blobsBuilder(int samples, long seed, int labelShift) {
    Random random = new Random(seed);
    float[][] centers = {{0, 3}, {3, -2}, {-3, -2}};
    float[] x = new float[samples * 2];
    float[] y = new float[samples];
    for (int i = 0; i < samples; i++) {
      int c = i % 3;
      x[2 * i] = centers[c][0] + (float) random.nextGaussian();
      x[2 * i + 1] = centers[c][1] + (float) random.nextGaussian();
      y[i] = (c + labelShift) % 3;
    }
    return new ArrayDataset.Builder()
        .setData(pytorch.create(x, new ai.djl.ndarray.types.Shape(samples, 2)))
        .optLabels(pytorch.create(y))
        .setSampling(30, true);
  }
}

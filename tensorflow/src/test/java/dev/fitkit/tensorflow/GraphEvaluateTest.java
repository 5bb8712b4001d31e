package dev.fitkit.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.training.loss.Loss;
import dev.fitkit.Estimator;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.Predictions;
import dev.fitkit.metric.Accuracy;
import dev.fitkit.metric.TopKAccuracy;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SavedModel without training signatures in {@code Estimator.evaluate} and {@code predict}, with
 * DJL's losses and metrics on TensorFlow arrays: {@code relu(x W + b)}, W = ((1, 0, -1), (0, 1,
 * 1)), b = (0, 0, 0.5), on x = (1, 2), (-3, 1), (2, 0), whose outputs are (1, 2, 1.5), (0, 1, 4.5),
 * (2, 0, 0).
 */
class GraphEvaluateTest {
  private static final float[][] W = {{1, 0, -1}, {0, 1, 1}};
  private static final float[] B = {0, 0, 0.5f};
  private static final float[] X = {1, 2, -3, 1, 2, 0};
  private static final float[] OUTPUTS = {1, 2, 1.5f, 0, 1, 4.5f, 2, 0, 0};
  @TempDir static Path work;
  private static Path known;
  private static NDManager pytorch;

  @BeforeAll
  static void export() throws Exception {
    GraphTrainingTest.natives();
    known = FeatureModels.export(work.resolve("known"), W, B);
    pytorch = Engine.getEngine("PyTorch").newBaseManager();
  }

  @AfterAll
  static void close() {
    pytorch.close();
  }

  private static TensorFlowGraph features() {
    return TensorFlowGraph.load(known, "serve", "features");
  }

  private static ArrayDataset data(NDArray labels) {
    return new ArrayDataset.Builder()
        .setData(pytorch.create(X, new Shape(3, 2)))
        .optLabels(labels)
        .setSampling(3, false)
        .build();
  }

  @Test
  void evaluateComputesDjlsLossAndMetricsOnTheGraphsOutputs() {
    try (TensorFlowGraph graph = features();
        Estimator estimator =
            Estimator.builder()
                .graph(graph)
                .loss(new OutputMean())
                .metrics(new Accuracy(), new TopKAccuracy(2))
                .build()) {
      // Labels 1, 1, 0: the argmax (1, 2, 0) hits 2 of 3, the top two all 3.
      Map<String, Double> metrics = estimator.evaluate(data(pytorch.create(new float[] {1, 1, 0})));
      assertEquals(2 / 3.0, metrics.get("validation accuracy"), 1e-6);
      assertEquals(1.0, metrics.get("validation top_2_accuracy"), 1e-6, metrics.toString());
      assertEquals(12 / 9.0, metrics.get("validation loss"), 1e-6);
    }
  }

  @Test
  void evaluateWithDjlsL2LossGivesTheLossByHand() {
    try (TensorFlowGraph graph = features();
        Estimator estimator = Estimator.builder().graph(graph).loss(Loss.l2Loss()).build()) {
      Map<String, Double> metrics = estimator.evaluate(data(pytorch.zeros(new Shape(3, 3))));
      // 0.5 * mean of the squared outputs: 0.5 * 32.5 / 9
      assertEquals(0.5 * 32.5 / 9, metrics.get("validation loss"), 1e-6);
    }
  }

  @Test
  void djlsL1AndHingeLossesRunOnTensorFlowArrays() {
    // mean |outputs - 0| = 12 / 9
    assertEquals(12.0 / 9, lossOn(Loss.l1Loss(), pytorch.zeros(new Shape(3, 3))), 1e-6);
    // mean relu(1 - label * output) with labels 1: the three zero outputs give 1 each: 3 / 9
    assertEquals(3.0 / 9, lossOn(Loss.hingeLoss(), pytorch.ones(new Shape(3, 3))), 1e-6);
  }

  private static double lossOn(Loss loss, NDArray labels) {
    try (TensorFlowGraph graph = features();
        Estimator estimator = Estimator.builder().graph(graph).loss(loss).build()) {
      return estimator.evaluate(data(labels)).get("validation loss");
    }
  }

  @Test
  void predictGivesTheOutputsOnDjlsDefaultEngine() {
    try (TensorFlowGraph graph = features();
        Estimator estimator = Estimator.builder().graph(graph).loss(Loss.l2Loss()).build();
        Predictions predictions = estimator.predict(data(pytorch.zeros(new Shape(3, 3))))) {
      NDArray outputs = predictions.output(0);
      assertEquals("PyTorch", outputs.getManager().getEngine().getEngineName());
      assertArrayEquals(OUTPUTS, outputs.toFloatArray());
    }
  }

  @Test
  void aLossThatCannotRunOnTensorFlowFailsBeforeTheFirstBatchSayingWhy() {
    try (TensorFlowGraph graph = features();
        Estimator estimator =
            Estimator.builder().graph(graph).loss(Loss.softmaxCrossEntropyLoss()).build()) {
      FitConfigurationException e =
          assertThrows(
              FitConfigurationException.class,
              () -> estimator.evaluate(data(pytorch.create(new float[] {1, 1, 0}))));
      assertTrue(
          e.getMessage()
              .startsWith(
                  "The loss SoftmaxCrossEntropyLoss (ai.djl.training.loss.SoftmaxCrossEntropyLoss)"
                      + " cannot run on TensorFlow arrays, the outputs of known: "),
          e.getMessage());
      assertTrue(
          e.getMessage()
              .endsWith(
                  "Losses that run there: SoftmaxCrossEntropyLoss with dense (one-hot) labels,"
                      + " L1Loss, L2Loss, HingeLoss; or export an eval signature that computes the"
                      + " loss."),
          e.getMessage());
    }
  }

  @Test
  void aMetricThatCannotRunOnTensorFlowFailsBeforeTheFirstUpdate(@TempDir Path folder) {
    Path trainable = GraphTrainingTest.mlp(folder.resolve("mlp"));
    try (TensorFlowGraph graph = TensorFlowGraph.load(trainable);
        Estimator estimator =
            Estimator.builder().graph(graph).metrics(new SoftPlusMean()).build()) {
      byte[] before = graph.saveVariables();
      FitConfigurationException e =
          assertThrows(
              FitConfigurationException.class,
              () -> estimator.fit(GraphTrainingTest.blobs(60, 1), 1));
      assertTrue(
          e.getMessage()
              .startsWith(
                  "The metric softplus (dev.fitkit.tensorflow.GraphEvaluateTest$SoftPlusMean)"
                      + " cannot run on TensorFlow arrays, the outputs of mlp: "),
          e.getMessage());
      assertTrue(
          e.getMessage()
              .endsWith(
                  "Metrics that run there: Accuracy, TopKAccuracy,"
                      + " BinaryAccuracy (DJL's or dev.fitkit.metric's)."),
          e.getMessage());
      assertArrayEquals(before, graph.saveVariables(), "no update ran");
    }
  }

  @Test
  void fitOnAGraphWithoutTrainSignaturesNamesTheTwoWaysForward() {
    try (TensorFlowGraph graph = features();
        Estimator estimator = Estimator.builder().graph(graph).loss(Loss.l2Loss()).build()) {
      FitConfigurationException e =
          assertThrows(
              FitConfigurationException.class,
              () -> estimator.fit(data(pytorch.zeros(new Shape(3, 3))), 1));
      assertEquals(
          "The SavedModel in "
              + known
              + " cannot be trained by fit: it exports no train, eval, save, restore signature (it"
              + " has [features]), and DJL's TensorFlow engine computes no gradients (no Trainer,"
              + " no GradientCollector), so fitkit cannot train it from outside. Either export"
              + " train, eval, save and restore signatures (TrainableGraph builds such SavedModels"
              + " in Java), or"
              + " train a PyTorch head on what it computes: new SequentialBlock().add(new"
              + " TensorFlowFeatures(TensorFlowSavedModel.load(folder, signature))).add(head)"
              + " (README, \"TensorFlow\").",
          e.getMessage());
    }
  }

  @Test
  void signaturesThatBreakTheConventionsAreRefusedAtLoadSayingWhichAndWhy() throws Exception {
    assertEquals(
        "The signature train of the SavedModel in "
            + work.resolve("no-loss")
            + " has no output 'loss' (its outputs are [outputs]): fitkit reads each batch's mean"
            + " loss from it. Export the loss as 'loss'.",
        refusedAtLoad("no-loss", FeatureModels.Broken.TRAIN_WITHOUT_LOSS));
    assertEquals(
        "The signature eval of the SavedModel in "
            + work.resolve("eval-no-loss")
            + " has no output 'loss' (its outputs are [out]): fitkit reads each batch's mean"
            + " loss from it. Export the loss as 'loss'.",
        refusedAtLoad("eval-no-loss", FeatureModels.Broken.EVAL_WITHOUT_LOSS));
    assertEquals(
        "The signature train of the SavedModel in "
            + work.resolve("no-rate")
            + " has no input 'learning_rate' (its inputs are [x, y]): fitkit feeds each update's"
            + " learning rate, a float scalar, through it.",
        refusedAtLoad("no-rate", FeatureModels.Broken.TRAIN_WITHOUT_LEARNING_RATE));
    assertEquals(
        "The signature save of the SavedModel in "
            + work.resolve("two-inputs")
            + " takes {prefix=string, x=float32}, but fitkit gives it one string, a path prefix"
            + " for TensorFlow's SaveV2/RestoreV2.",
        refusedAtLoad("two-inputs", FeatureModels.Broken.SAVE_WITH_TWO_INPUTS));
  }

  private static String refusedAtLoad(String name, FeatureModels.Broken broken) throws Exception {
    Path folder = FeatureModels.exportBroken(work.resolve(name), broken);
    return assertThrows(FitConfigurationException.class, () -> TensorFlowGraph.load(folder))
        .getMessage();
  }

  @Test
  void aMisspelledSignatureOrTagListsWhatExists() {
    FitConfigurationException signature =
        assertThrows(
            FitConfigurationException.class, () -> TensorFlowGraph.load(known, "serve", "featurs"));
    assertEquals(
        "The SavedModel in "
            + known
            + " has no signature 'featurs' under tags serve; its signatures are [features].",
        signature.getMessage());
    FitConfigurationException tag =
        assertThrows(
            FitConfigurationException.class,
            () -> TensorFlowGraph.load(known, "train", "features"));
    assertEquals(
        "The SavedModel in "
            + known
            + " has no meta graph tagged [train]; its tag sets are"
            + " [[serve]].",
        tag.getMessage());
    FitConfigurationException none =
        assertThrows(FitConfigurationException.class, () -> TensorFlowGraph.load(work));
    assertTrue(
        none.getMessage().startsWith("No TensorFlow SavedModel in " + work), none.getMessage());
  }

  @Test
  void checkpointsNeedASaveSignature() {
    try (TensorFlowGraph graph = features()) {
      FitConfigurationException e =
          assertThrows(FitConfigurationException.class, graph::saveVariables);
      assertEquals(
          "The SavedModel in "
              + known
              + " exports no 'save' signature, which checkpoints and best weights need; its"
              + " signatures are [features].",
          e.getMessage());
      assertThrows(FitConfigurationException.class, () -> graph.restoreVariables(new byte[0]));
    }
  }

  @Test
  void aBatchWithTheWrongNumberOfArraysIsRefusedNamingTheInputs() {
    try (TensorFlowGraph graph = features();
        NDManager arrays = graph.model().getNDManager().newSubManager()) {
      NDArray x = arrays.create(X, new Shape(3, 2));
      FitConfigurationException e =
          assertThrows(
              FitConfigurationException.class, () -> graph.predict(new NDList(x, x), arrays));
      assertEquals(
          "The signature features of the SavedModel in "
              + known
              + " takes 1 inputs [x], but the batch gives 2 arrays: its data then its labels (and"
              + " the learning rate when training).",
          e.getMessage());
    }
  }

  /** The mean output, as a stand-in loss that runs on any engine. */
  static final class OutputMean extends Loss {
    OutputMean() {
      super("loss");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
      return predictions.head().mean();
    }
  }

  /** A metric built on softPlus, which DJL's TensorFlow engine does not implement. */
  static final class SoftPlusMean extends Evaluator {
    private final Map<String, Double> sums = new ConcurrentHashMap<>();

    SoftPlusMean() {
      super("softplus");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
      return ai.djl.nn.Activation.softPlus(predictions.head()).mean();
    }

    @Override
    public void addAccumulator(String key) {
      sums.put(key, 0.0);
    }

    @Override
    public void updateAccumulator(String key, NDList labels, NDList predictions) {
      sums.merge(key, (double) evaluate(labels, predictions).getFloat(), Double::sum);
    }

    @Override
    public void resetAccumulator(String key) {
      sums.put(key, 0.0);
    }

    @Override
    public float getAccumulator(String key) {
      return sums.get(key).floatValue();
    }
  }
}

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
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import dev.fitkit.Estimator;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.FitResult;
import dev.fitkit.metric.Accuracy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A frozen TensorFlow SavedModel feeding a PyTorch head in one {@code fit}: both engines in this
 * JVM, arrays moved between them, the head trained, TensorFlow's memory freed call by call.
 */
class TransferTest {
  // relu(x W + b) with W = [[1, 0, -1], [0, 1, 1]] and b = [0, 0, 0.5]: known outputs.
  private static final float[][] W = {{1, 0, -1}, {0, 1, 1}};
  private static final float[] B = {0, 0, 0.5f};
  @TempDir static Path work;
  private static Path known;
  private static NDManager pytorch;

  @BeforeAll
  static void exportTheModels() throws Exception {
    if (System.getProperty(TensorFlowNatives.CACHE_PROPERTY) == null) {
      System.setProperty(
          TensorFlowNatives.CACHE_PROPERTY,
          Path.of(System.getProperty("basedir", "."), "target", "tensorflow-cache").toString());
    }
    TensorFlowNatives.reset();
    known = FeatureModels.export(work.resolve("known"), W, B);
    pytorch = Engine.getEngine("PyTorch").newBaseManager();
  }

  @AfterAll
  static void close() {
    pytorch.close();
  }

  @Test
  void aSignatureRunsOnPyTorchArraysAndAnswersInPyTorch() {
    try (TensorFlowSavedModel model = TensorFlowSavedModel.load(known, "features")) {
      NDArray x = pytorch.create(new float[] {1, 2, -3, 1}, new Shape(2, 2));
      NDList out = model.run(new NDList(x), pytorch);
      assertEquals("PyTorch", out.head().getManager().getEngine().getEngineName());
      assertArrayEquals(new float[] {1, 2, 1.5f, 0, 1, 4.5f}, out.head().toFloatArray());
      assertEquals(List.of("features"), TensorFlowSavedModel.signatures(known));
    }
  }

  @Test
  void aMisspelledSignatureListsTheOnesThatExist() {
    FitConfigurationException e =
        assertThrows(
            FitConfigurationException.class, () -> TensorFlowSavedModel.load(known, "featurs"));
    assertEquals(
        "The SavedModel in "
            + known
            + " has no signature 'featurs'; its signatures are [features].",
        e.getMessage());
  }

  @Test
  void aFolderWithoutASavedModelIsNamed() throws Exception {
    Path empty = Files.createDirectories(work.resolve("empty"));
    FitConfigurationException e =
        assertThrows(
            FitConfigurationException.class, () -> TensorFlowSavedModel.load(empty, "features"));
    assertTrue(e.getMessage().startsWith("No TensorFlow SavedModel in " + empty), e.getMessage());
  }

  @Test
  void aPyTorchHeadOnFrozenTensorFlowFeaturesLearnsTheBlobs() throws Exception {
    Random random = new Random(7);
    float[][] projection = new float[2][16];
    float[] bias = new float[16];
    for (float[] row : projection) {
      for (int j = 0; j < row.length; j++) {
        row[j] = (float) random.nextGaussian();
      }
    }
    Path extractor = FeatureModels.export(work.resolve("extractor"), projection, bias);
    try (TensorFlowSavedModel features = TensorFlowSavedModel.load(extractor, "features");
        NDManager data = Engine.getEngine("PyTorch").newBaseManager();
        Estimator estimator =
            Estimator.builder()
                .block(
                    new SequentialBlock()
                        .add(new TensorFlowFeatures(features))
                        .add(Linear.builder().setUnits(3).build()))
                .loss(Loss.softmaxCrossEntropyLoss())
                .metrics(new Accuracy())
                .optimizer(
                    dev.fitkit.optimizer.Adam.builder()
                        .learningRate(dev.fitkit.LearningRate.fixed(0.05f))
                        .build())
                .seed(5)
                .discoverHandlers(false)
                .build()) {
      assertEquals("PyTorch", estimator.model().getNDManager().getEngine().getEngineName());
      FitResult result = estimator.fit(blobs(data, 192, 1), blobs(data, 96, 2), 6);
      double[] accuracy = result.history().series("validation accuracy");
      double[] loss = result.history().series("train loss");
      assertTrue(loss[loss.length - 1] < loss[0], java.util.Arrays.toString(loss));
      assertTrue(accuracy[accuracy.length - 1] > 0.9, java.util.Arrays.toString(accuracy));
    }
  }

  @Test
  void anEstimatorOverATensorFlowModelIsRefusedNamingTheWayForward() throws Exception {
    ai.djl.repository.zoo.Criteria<NDList, NDList> criteria =
        ai.djl.repository.zoo.Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optEngine("TensorFlow")
            .optModelPath(known)
            .optOption("Tags", "serve")
            .optOption("SignatureDefKey", "features")
            .optTranslator(new ai.djl.translate.NoopTranslator())
            .build();
    try (ai.djl.repository.zoo.ZooModel<NDList, NDList> model = criteria.loadModel()) {
      FitConfigurationException e =
          assertThrows(
              FitConfigurationException.class,
              () -> Estimator.builder().model(model).loss(Loss.l2Loss()).build());
      assertEquals(
          "The model "
              + model.getName()
              + " runs on DJL's TensorFlow engine, which computes no gradients (no Trainer, no"
              + " GradientCollector), so fitkit cannot run it as a DJL network. With"
              + " fitkit-tensorflow (README, \"TensorFlow\"): pass the SavedModel as a graph,"
              + " .graph(TensorFlowGraph.load(folder)), to evaluate or predict it, and to train it"
              + " when it exports train, eval, save and restore signatures (TrainableGraph builds"
              + " such SavedModels); or train a PyTorch network on what it computes: new"
              + " SequentialBlock().add(new TensorFlowFeatures(TensorFlowSavedModel.load(folder,"
              + " signature))).add(head).",
          e.getMessage());
    }
  }

  @Test
  void thousandsOfCallsLeaveTensorFlowsMemoryFlat() throws Exception {
    try (TensorFlowSavedModel model = TensorFlowSavedModel.load(known, "features");
        NDManager calls = pytorch.newSubManager()) {
      TensorFlowFeatures features = new TensorFlowFeatures(model);
      NDArray x = calls.randomNormal(new Shape(32, 2));
      for (int i = 0; i < 1000; i++) {
        forward(features, x);
      }
      long before = nativeKilobytes();
      for (int i = 0; i < 6000; i++) {
        forward(features, x);
      }
      long grown = nativeKilobytes() - before;
      System.out.println("Native memory over 6000 calls: " + grown + " kB");
      assertEquals(0, model.liveArrays(), "every call freed what TensorFlow allocated for it");
      // A call that kept its TensorFlow arrays would keep about 12 kB: 70 MB over these calls.
      assertTrue(grown < 30_000, "grew " + grown + " kB over 6000 calls");
    }
  }

  private static void forward(TensorFlowFeatures features, NDArray x) {
    try (NDManager call = x.getManager().newSubManager()) {
      NDArray input = x.duplicate();
      input.attach(call);
      NDList out = features.forward(new ParameterStore(call, false), new NDList(input), false);
      out.attach(call);
    }
  }

  /** Resident memory less the JVM's own (heap and the rest it commits), after a collection. */
  private static long nativeKilobytes() throws Exception {
    System.gc();
    java.lang.management.MemoryMXBean memory =
        java.lang.management.ManagementFactory.getMemoryMXBean();
    long jvm =
        memory.getHeapMemoryUsage().getCommitted() + memory.getNonHeapMemoryUsage().getCommitted();
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) - jvm / 1024;
      }
    }
    throw new AssertionError("no VmRSS");
  }

  /** Three Gaussian blobs in the plane, one per class. */
  private static ArrayDataset blobs(NDManager manager, int samples, long seed) {
    float[][] centers = {{0f, 3f}, {3f, -2f}, {-3f, -2f}};
    Random random = new Random(seed);
    float[] points = new float[samples * 2];
    float[] labels = new float[samples];
    for (int i = 0; i < samples; i++) {
      int label = random.nextInt(3);
      labels[i] = label;
      points[2 * i] = centers[label][0] + (float) random.nextGaussian();
      points[2 * i + 1] = centers[label][1] + (float) random.nextGaussian();
    }
    return new ArrayDataset.Builder()
        .setData(manager.create(points, new Shape(samples, 2)))
        .optLabels(manager.create(labels, new Shape(samples)))
        .setSampling(16, true)
        .build();
  }
}

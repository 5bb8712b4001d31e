package dev.fitkit.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import dev.fitkit.Budget;
import dev.fitkit.Estimator;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.NonFiniteLossException;
import dev.fitkit.checkpoint.Checkpoint;
import dev.fitkit.checkpoint.CheckpointFile;
import dev.fitkit.checkpoint.CheckpointStore;
import dev.fitkit.handlers.CheckpointHandler;
import dev.fitkit.handlers.GradientUpdateHandler;
import dev.fitkit.metric.Accuracy;
import dev.fitkit.optimizer.Adam;
import dev.fitkit.run.ParameterBytes;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.Nets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data a network cannot learn from fails with the fix named, before the first optimizer step, and
 * nothing is checkpointed; NaN data never reaches the weights or a checkpoint.
 */
class BadInputTest {
  @TempDir Path dir;
  private NDManager manager;
  private GradientUpdateHandler steps;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
    steps = new GradientUpdateHandler();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private Estimator estimator(Loss loss) {
    return Estimator.builder()
        .block(Nets.mlp())
        .loss(loss)
        .optimizer(Adam.builder().build())
        .metrics(new Accuracy())
        .seed(2)
        .discoverHandlers(false)
        .handlers(steps, CheckpointHandler.builder(dir.resolve("ckpt")).batchPeriod(1).build())
        .build();
  }

  private Estimator estimator() {
    return estimator(Loss.softmaxCrossEntropyLoss());
  }

  private String refused(Dataset train, Dataset validation, Budget budget) throws IOException {
    try (Estimator estimator = estimator()) {
      String m =
          assertThrows(
                  FitConfigurationException.class, () -> estimator.fit(train, validation, budget))
              .getMessage();
      assertNothingTrainedOrWritten();
      return m;
    }
  }

  private void assertNothingTrainedOrWritten() throws IOException {
    assertEquals(0, steps.steps(), "no optimizer step");
    Path folder = dir.resolve("ckpt");
    if (Files.isDirectory(folder)) {
      try (Stream<Path> files = Files.list(folder)) {
        assertEquals(List.of(), files.toList(), "nothing written");
      }
    }
  }

  private ArrayDataset labelled(NDArray labels, int batchSize) {
    long n = labels.getShape().get(0);
    return new ArrayDataset.Builder()
        .setData(manager.randomNormal(new Shape(n, 2)))
        .optLabels(labels)
        .setSampling(batchSize, false)
        .build();
  }

  @Test
  @Timeout(60) // the fault this guards against is an endless loop of empty epochs
  void emptyTrainingDataWithABatchBudget() throws IOException {
    ArrayDataset empty = labelled(manager.zeros(new Shape(0)), 4);
    String m = refused(empty, null, Budget.batches(10));
    assertEquals(
        "The training data yields no batches (it holds 0 samples): the dataset is empty, or its"
            + " sampler drops the last incomplete batch and the batch size is larger than the"
            + " dataset. Give it samples, or a batch size no larger than its sample count (or keep"
            + " the last batch: setSampling(batchSize, shuffle, false)).",
        m);
    assertEquals(m, refused(empty, null, Budget.epochs(3)), "an epoch budget too");
  }

  @Test
  @Timeout(60)
  void aDroppedLastBatchLargerThanTheData() throws IOException {
    ArrayDataset tiny =
        new ArrayDataset.Builder()
            .setData(manager.randomNormal(new Shape(5, 2)))
            .optLabels(manager.zeros(new Shape(5)))
            .setSampling(8, false, true)
            .build();
    assertTrue(
        refused(tiny, null, Budget.epochs(1))
            .startsWith("The training data yields no batches (it holds 5 samples)"));
  }

  @Test
  void emptyValidationData() throws IOException {
    String m =
        refused(
            Blobs.dataset(manager, 16, 4, 1),
            labelled(manager.zeros(new Shape(0)), 4),
            Budget.epochs(1));
    assertTrue(m.startsWith("The validation data yields no batches (it holds 0 samples)"), m);
    try (Estimator estimator = estimator()) {
      assertTrue(
          assertThrows(
                  FitConfigurationException.class,
                  () -> estimator.evaluate(labelled(manager.zeros(new Shape(0)), 4)))
              .getMessage()
              .startsWith("The evaluation data yields no batches"));
    }
  }

  @Test
  void labelsOfAShapeNoLossReadingFits() throws IOException {
    // Three classes out; (8, 2) labels are neither one index per sample nor one-hot.
    String m = refused(labelled(manager.zeros(new Shape(8, 2)), 4), null, Budget.epochs(1));
    assertEquals(
        "The labels have shape (4, 2), which fits neither way the loss SoftmaxCrossEntropyLoss can"
            + " read them for the network's output of shape (4, 3): class indices need one label"
            + " per score vector, shape (4) (or with a trailing 1), and one-hot labels need shape"
            + " (4, 3). Make the dataset's labels one of these, or the network's output match its"
            + " labels.",
        m);
  }

  @Test
  void oneHotLabelsForASparseLoss() throws IOException {
    NDArray oneHot = manager.create(new float[] {0, 1, 2, 0, 1, 2, 0, 1}).oneHot(3);
    String m = refused(labelled(oneHot, 4), null, Budget.epochs(1));
    assertTrue(
        m.startsWith(
            "The labels have the network output's shape (4, 3), as one-hot labels do, but the loss"
                + " SoftmaxCrossEntropyLoss expects class indices (sparse labels)"),
        m);
    assertTrue(m.endsWith("Loss.softmaxCrossEntropyLoss(\"loss\", 1, -1, false, true)."), m);
  }

  @Test
  void oneHotLabelsTrainWithADenseLoss() {
    NDArray oneHot = manager.create(new float[] {0, 1, 2, 0, 1, 2, 0, 1}).oneHot(3);
    try (Estimator estimator =
        estimator(Loss.softmaxCrossEntropyLoss("loss", 1, -1, false, true))) {
      estimator.fit(labelled(oneHot, 4), null, Budget.epochs(1));
      assertEquals(2, steps.steps(), "the dense loss reads one-hot labels: no error");
    }
  }

  @Test
  void nanInTheDataNeverReachesTheWeightsOrACheckpoint() throws Exception {
    // Sample 50 of 80 in batches of 16: batch 3 has a NaN loss.
    Dataset poisoned = Blobs.withNaN(manager, 80, 16, 1, 50);
    try (Estimator estimator = estimator()) {
      NonFiniteLossException e =
          assertThrows(NonFiniteLossException.class, () -> estimator.fit(poisoned, null, 2));
      assertTrue(e.getMessage().startsWith("The training loss is NaN at epoch 0, batch 3, step 3"));
      assertEquals(3, steps.steps(), "batches 0 to 2 stepped; the NaN batch did not");
    }
    Path folder = dir.resolve("ckpt");
    List<Path> saved = new CheckpointStore(folder, "checkpoint").periodicFiles();
    assertEquals(3, saved.size(), saved.toString());
    for (Path file : saved) {
      Checkpoint checkpoint = CheckpointFile.read(file);
      try (NDManager scratch = NDManager.newBaseManager()) {
        assertFinite(ParameterBytes.read(checkpoint.parameters(), scratch).values(), file);
      }
    }
    assertEquals(
        3,
        CheckpointStore.newestValid(folder).checkpoint().run().stepsCompleted(),
        "the failure's checkpoint does not count the refused batch");
    try (Estimator estimator = estimator()) {
      assertThrows(
          NonFiniteLossException.class,
          () -> estimator.resume(folder, poisoned, null, Budget.epochs(2)),
          "a resume trains the refused batch again, and refuses it again");
    }
  }

  private static void assertFinite(Collection<NDArray> arrays, Path file) {
    for (NDArray array : arrays) {
      assertFalse(array.isNaN().any().getBoolean(), file + " holds a NaN");
      assertFalse(array.isInfinite().any().getBoolean(), file + " holds an infinity");
    }
  }
}

package dev.fitkit.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import dev.fitkit.BatchRecord;
import dev.fitkit.Estimator;
import dev.fitkit.FitResult;
import dev.fitkit.LearningRate;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.Nets;
import dev.fitkit.testing.ReadsValidationLoss;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The history per batch, when asked for. */
class HistoryHandlerTest {
  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
    Engine.getInstance().setRandomSeed(7);
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private FitResult fit(Object... handlers) {
    LearningRate lr = LearningRate.fixed(0.02f);
    try (Estimator estimator =
        Estimator.builder()
            .block(Nets.mlp())
            .loss(Loss.softmaxCrossEntropyLoss())
            .optimizer(Optimizer.adam().optLearningRateTracker(lr).build())
            .learningRate(lr)
            .metrics(new Accuracy())
            .discoverHandlers(false)
            .handlers(handlers)
            .build()) {
      // 40 samples in batches of 16, 16 and 8, two epochs, validated after each.
      return estimator.fit(Blobs.dataset(manager, 40, 16, 1), Blobs.dataset(manager, 16, 16, 2), 2);
    }
  }

  @Test
  void batchesAreRecordedWhenAsked() {
    FitResult result = fit(new HistoryHandler(true));
    List<BatchRecord> batches = result.history().batches();

    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), batches.stream().map(BatchRecord::step).toList());
    assertEquals(List.of(0, 0, 0, 1, 1, 1), batches.stream().map(BatchRecord::epoch).toList());
    assertEquals(
        List.of(0L, 1L, 2L, 0L, 1L, 2L), batches.stream().map(BatchRecord::batch).toList());
    assertEquals(List.of(16, 16, 8, 16, 16, 8), batches.stream().map(BatchRecord::size).toList());
    for (BatchRecord batch : batches) {
      assertEquals(0.02, batch.learningRate(), 1e-6);
      assertEquals(
          Set.of("train loss", "train accuracy"),
          batch.metrics().keySet(),
          "training metrics only");
      assertTrue(batch.loss() > 0 && Double.isFinite(batch.loss()));
      assertTrue(Double.isNaN(batch.metric("validation loss")));
    }
    assertEquals(
        batches.get(0).loss(),
        batches.get(0).metric("train loss"),
        1e-6,
        "after one batch the running loss is that batch's loss");
    for (int epoch = 0; epoch < 2; epoch++) {
      List<BatchRecord> of = batches.subList(3 * epoch, 3 * epoch + 3);
      double weighted = of.stream().mapToDouble(b -> b.loss() * b.size()).sum() / 40;
      double epochLoss = result.history().epochs().get(epoch).metric("train loss");
      assertEquals(
          epochLoss, weighted, 1e-5, "the epoch's loss is the size-weighted mean of its batches'");
      assertEquals(
          epochLoss,
          of.get(2).metric("train loss"),
          1e-9,
          "the last batch's running value is the epoch's");
    }
  }

  @Test
  void batchesAreNotRecordedByDefault() {
    assertEquals(List.of(), fit().history().batches());
    assertEquals(List.of(), fit(new HistoryHandler(false)).history().batches());
  }

  @Test
  void anEpochWithoutValidationRecordsNoValidationMetrics() {
    FitResult result;
    try (Estimator estimator =
        Estimator.builder()
            .block(Nets.mlp())
            .loss(Loss.softmaxCrossEntropyLoss())
            .metrics(new Accuracy())
            .discoverHandlers(false)
            .handlers(new ValidationHandler(2))
            .build()) {
      result =
          estimator.fit(Blobs.dataset(manager, 32, 16, 1), Blobs.dataset(manager, 16, 16, 2), 3);
    }
    double[] validationLoss = result.history().series("validation loss");
    assertTrue(Double.isNaN(validationLoss[0]), "no pass yet");
    assertTrue(validationLoss[1] > 0, "the pass at the second epoch's end");
    assertTrue(
        Double.isNaN(validationLoss[2]),
        "not the second epoch's value again: " + validationLoss[2]);
    assertEquals(3, result.history().series("train loss").length);
    assertTrue(result.history().epochs().stream().allMatch(e -> e.metric("train loss") > 0));
  }

  @Test
  void handlersStillSeeTheLatestValidationValues() {
    ReadsValidationLoss reads = new ReadsValidationLoss();
    try (Estimator estimator =
        Estimator.builder()
            .block(Nets.mlp())
            .loss(Loss.softmaxCrossEntropyLoss())
            .discoverHandlers(false)
            .handlers(new ValidationHandler(2), reads)
            .build()) {
      estimator.fit(Blobs.dataset(manager, 32, 16, 1), Blobs.dataset(manager, 16, 16, 2), 3);
    }
    assertEquals(3, reads.seen.size());
    assertTrue(Double.isNaN(reads.seen.get(0)));
    assertEquals(
        reads.seen.get(1), reads.seen.get(2), "the metrics map keeps the last pass for handlers");
  }
}

package dev.fitkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import com.google.inject.name.Names;
import dev.fitkit.testing.ArrayCounter;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.EventRecorder;
import dev.fitkit.testing.FailAtStep;
import dev.fitkit.testing.Nets;
import dev.fitkit.testing.Recorded;
import dev.fitkit.testing.RequestStopAtBatch;
import dev.fitkit.testing.StopAtEpoch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EstimatorFitTest {
  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
    Engine.getInstance().setRandomSeed(42);
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private Estimator.Builder blobsEstimator() {
    LearningRate lr = LearningRate.fixed(0.02f);
    return Estimator.builder()
        .optimizer(Optimizer.adam().optLearningRateTracker(lr).build())
        .learningRate(lr)
        .block(Nets.mlp())
        .loss(Loss.softmaxCrossEntropyLoss())
        .metrics(new Accuracy())
        .discoverHandlers(false);
  }

  @Test
  void trainsARealNetworkToHighAccuracy() {
    Dataset train = Blobs.dataset(manager, 600, 32, 1);
    Dataset test = Blobs.dataset(manager, 300, 50, 2);
    try (Estimator estimator = blobsEstimator().build()) {
      FitResult result = estimator.fit(train, test, 5);

      assertEquals(Outcome.COMPLETED, result.outcome());
      assertEquals(5, result.history().size());
      assertEquals(5, result.epochs());
      assertEquals(5 * 19, result.batches());
      double[] trainLoss = result.history().series("train loss");
      assertTrue(trainLoss[4] < trainLoss[0] / 2, "train loss should fall: " + List.of(trainLoss));
      assertTrue(
          result.history().last().metric("validation accuracy") > 0.9,
          result.history().last().toString());
      assertEquals(0.02, result.history().last().learningRate(), 1e-6);

      Map<String, Double> evaluation = estimator.evaluate(test);
      assertEquals(
          result.history().last().metric("validation accuracy"),
          evaluation.get("validation accuracy"),
          1e-6,
          "evaluating the same data with the same weights gives the same accuracy");
      assertTrue(evaluation.containsKey("validation loss"));
    }
  }

  @Test
  void firesEveryEventInOrder() {
    Recorded out = new Recorded();
    try (Estimator estimator = blobsEstimator().handlers(new EventRecorder(out)).build()) {
      estimator.fit(Blobs.dataset(manager, 40, 16, 1), Blobs.dataset(manager, 20, 10, 2), 2);
    }
    List<String> epoch0 =
        List.of(
            "epoch begin",
            "batch begin 0/0",
            "batch end 0/0 step 0 size 16",
            "batch begin 0/1",
            "batch end 0/1 step 1 size 16",
            "batch begin 0/2",
            "batch end 0/2 step 2 size 8",
            "validation begin",
            "validation batch 0",
            "validation batch 1",
            "validation end",
            "epoch end 0 batches 3");
    assertEquals("train begin", out.lines().get(0));
    assertEquals(epoch0, out.lines().subList(1, 13));
    assertEquals("batch end 1/0 step 3 size 16", out.lines().get(15));
    assertEquals("train end COMPLETED", out.lines().get(out.lines().size() - 1));
    assertEquals(1 + 2 * 12 + 1, out.lines().size());
  }

  @Test
  void batchBudgetSpansEpochsAndEndsThePartialOne() {
    Recorded out = new Recorded();
    try (Estimator estimator = blobsEstimator().handlers(new EventRecorder(out)).build()) {
      FitResult result = estimator.fit(Blobs.dataset(manager, 40, 16, 1), null, Budget.batches(5));

      assertEquals(Outcome.COMPLETED, result.outcome());
      assertEquals(5, result.batches());
      assertEquals(2, result.epochs());
      assertEquals(
          List.of(3L, 2L), result.history().epochs().stream().map(EpochRecord::batches).toList());
      assertTrue(out.lines().contains("epoch end 1 batches 2"));
      assertTrue(
          out.lines().stream().noneMatch(l -> l.startsWith("validation")),
          "no validation data, no validation");
    }
  }

  @Test
  void handlerReturningTrueStopsAfterThatEpoch() {
    try (Estimator estimator =
        blobsEstimator()
            .handlerTypes(StopAtEpoch.class)
            .modules(binder -> binder.bindConstant().annotatedWith(Names.named("stop.epoch")).to(1))
            .build()) {
      FitResult result = estimator.fit(Blobs.dataset(manager, 40, 16, 1), null, 10);

      assertEquals(Outcome.STOPPED, result.outcome());
      assertTrue(result.stoppedEarly());
      assertEquals(2, result.history().size());
      assertEquals(
          List.of(new StopReason("test.stop-at-epoch", 1, -1, "returned true from reached()")),
          result.stopReasons());
    }
  }

  @Test
  void everyStopRequestIsReported() {
    try (Estimator estimator =
        blobsEstimator()
            .handlers(new RequestStopAtBatch(4))
            .handlerTypes(StopAtEpoch.class)
            .modules(binder -> binder.bindConstant().annotatedWith(Names.named("stop.epoch")).to(1))
            .build()) {
      FitResult result = estimator.fit(Blobs.dataset(manager, 40, 16, 1), null, 10);

      assertEquals(Outcome.STOPPED, result.outcome());
      assertEquals(5, result.batches(), "stops right after the batch that asked");
      assertEquals(
          List.of(
              new StopReason("test.request-stop", 1, 1, "enough at step 4"),
              new StopReason("test.stop-at-epoch", 1, -1, "returned true from reached()")),
          result.stopReasons());
    }
  }

  @Test
  void failingHandlerFailsTheFitButTrainEndStillRuns() {
    Recorded out = new Recorded();
    try (Estimator estimator =
        blobsEstimator().handlers(new FailAtStep(2), new EventRecorder(out)).build()) {
      HandlerFailedException e =
          assertThrows(
              HandlerFailedException.class,
              () -> estimator.fit(Blobs.dataset(manager, 40, 16, 1), null, 3));

      assertEquals("test.fail", e.handlerId());
      assertTrue(
          e.getMessage()
              .startsWith(
                  "Handler test.fail failed in maybeFail() at batch end (epoch 0, batch 2, step 2):"
                      + " java.lang.IllegalStateException: boom at step 2"),
          e.getMessage());
      assertEquals("train end FAILED", out.lines().get(out.lines().size() - 1));
    }
  }

  @Test
  void learningRateComesFromTheGivenTrackerOrIsUnknown() {
    LearningRate lr = LearningRate.fixed(0.05f);
    try (Estimator estimator =
        Estimator.builder()
            .block(Nets.mlp())
            .loss(Loss.softmaxCrossEntropyLoss())
            .optimizer(Optimizer.sgd().setLearningRateTracker(lr).build())
            .learningRate(lr)
            .discoverHandlers(false)
            .build()) {
      FitResult result = estimator.fit(Blobs.dataset(manager, 40, 16, 1), null, 1);
      assertEquals(0.05, result.history().last().learningRate(), 1e-6);
    }
    try (Estimator estimator =
        Estimator.builder()
            .block(Nets.mlp())
            .loss(Loss.softmaxCrossEntropyLoss())
            .optimizer(Optimizer.sgd().setLearningRateTracker(lr).build())
            .discoverHandlers(false)
            .build()) {
      FitResult result = estimator.fit(Blobs.dataset(manager, 40, 16, 1), null, 1);
      assertTrue(
          Double.isNaN(result.history().last().learningRate()),
          "an optimizer's own rate is not readable");
    }
    try (Estimator estimator =
        Estimator.builder()
            .block(Nets.mlp())
            .loss(Loss.softmaxCrossEntropyLoss())
            .discoverHandlers(false)
            .build()) {
      FitResult result = estimator.fit(Blobs.dataset(manager, 40, 16, 1), null, 1);
      assertEquals(0.001, result.history().last().learningRate(), 1e-6, "the default Adam's rate");
    }
  }

  @Test
  void nativeMemoryDoesNotGrowFromEpochToEpoch() {
    ArrayCounter counter = new ArrayCounter();
    try (Estimator estimator = blobsEstimator().handlers(counter).build()) {
      estimator.fit(Blobs.dataset(manager, 200, 16, 1), Blobs.dataset(manager, 50, 16, 2), 20);
    }
    // Epoch 0 creates the parameters and optimizer state; after that every batch must give back
    // what it took, over 20 epochs.
    assertEquals(20, counter.counts.size());
    assertEquals(
        List.of(counter.counts.get(1)),
        counter.counts.subList(1, 20).stream().distinct().toList(),
        "managed arrays per epoch: " + counter.counts);
  }
}

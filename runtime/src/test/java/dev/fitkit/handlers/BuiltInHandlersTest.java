package dev.fitkit.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.loss.Loss;
import dev.fitkit.Estimator;
import dev.fitkit.FitResult;
import dev.fitkit.HandlerFailedException;
import dev.fitkit.loss.L2Loss;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.EventRecorder;
import dev.fitkit.testing.FailAtStep;
import dev.fitkit.testing.LogCapture;
import dev.fitkit.testing.Nets;
import dev.fitkit.testing.Recorded;
import dev.fitkit.testing.StopAtEpoch;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The built-in handlers, each inside a real fit. */
class BuiltInHandlersTest {
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

  private static Estimator.Builder estimator() {
    return Estimator.builder()
        .block(Nets.mlp())
        .loss(Loss.softmaxCrossEntropyLoss())
        .metrics(new Accuracy())
        .discoverHandlers(false);
  }

  @Test
  void defaultsAreLogged() {
    try (LogCapture log = new LogCapture(Estimator.class);
        Estimator estimator =
            Estimator.builder()
                .block(Nets.mlp())
                .loss(new L2Loss())
                .discoverHandlers(false)
                .build()) {
      assertEquals(
          List.of(
              "INFO No optimizer given: using Adam with learning rate 0.001",
              "INFO No devices given: using " + List.of(Engine.getInstance().getDevices()),
              "INFO No metrics given: only the loss is tracked"),
          log.lines());
    }
  }

  @Test
  void loggingReportsSetupBatchesEpochsAndOutcome() {
    try (LogCapture log = new LogCapture(LoggingHandler.class);
        Estimator estimator = estimator().handlers(new LoggingHandler(2)).build()) {
      estimator.fit(Blobs.dataset(manager, 48, 16, 1), Blobs.dataset(manager, 16, 16, 2), 2);

      List<String> all = log.lines();
      assertTrue(all.get(1).startsWith("INFO Model summary:"), "before the first step: " + all);
      List<String> lines = new java.util.ArrayList<>(all);
      lines.remove(1);
      assertEquals(
          "INFO Training 2 epochs on [cpu()] (PyTorch, threads per operation: 1) with loss"
              + " SoftmaxCrossEntropyLoss, metrics [Accuracy]",
          lines.get(0));
      assertTrue(
          lines
              .get(1)
              .matches(
                  "INFO Epoch 1/2 batch 2: train loss \\d\\.\\d{4}, train accuracy \\d\\.\\d{4} \\|"
                      + " \\d+ samples/s"),
          lines.get(1));
      assertTrue(
          lines
              .get(2)
              .matches(
                  "INFO Epoch 1/2 done in \\d+\\.\\d s: train loss \\d\\.\\d{4}, train accuracy"
                      + " \\d\\.\\d{4}, validation loss \\d\\.\\d{4}, validation accuracy"
                      + " \\d\\.\\d{4} \\| \\d+ samples/s \\| lr 0\\.00100"),
          lines.get(2));
      assertTrue(lines.get(3).startsWith("INFO Epoch 2/2 batch 2: train loss"), lines.get(3));
      assertTrue(
          lines.get(5).matches("INFO Training completed after 6 batches in \\d+\\.\\d s"),
          lines.get(5));
      assertEquals(6, lines.size(), lines.toString());
    }
  }

  @Test
  void loggingNamesStopsAndFailures() {
    try (LogCapture log = new LogCapture(LoggingHandler.class);
        Estimator estimator =
            estimator().handlers(new LoggingHandler(0), new FailAtStep(1)).build()) {
      assertThrows(
          HandlerFailedException.class, () -> estimator.fit(Blobs.dataset(manager, 48, 16, 1), 2));
      List<String> lines = log.lines();
      assertTrue(
          lines.get(lines.size() - 2).startsWith("INFO Training failed after 1 batches"),
          lines.toString());
      assertTrue(
          lines
              .get(lines.size() - 1)
              .startsWith(
                  "ERROR Training failed: dev.fitkit.HandlerFailedException: Handler test.fail"),
          lines.toString());
    }
    try (LogCapture log = new LogCapture(LoggingHandler.class);
        Estimator estimator =
            estimator()
                .handlers(new LoggingHandler(0))
                .handlerTypes(StopAtEpoch.class)
                .modules(
                    b ->
                        b.bindConstant()
                            .annotatedWith(com.google.inject.name.Names.named("stop.epoch"))
                            .to(0))
                .build()) {
      estimator.fit(Blobs.dataset(manager, 48, 16, 1), 3);
      assertEquals(
          "INFO Stop requested by test.stop-at-epoch at epoch 0: returned true from" + " reached()",
          log.lines().get(log.lines().size() - 1));
      assertTrue(
          log.lines().stream().noneMatch(l -> l.matches("INFO Epoch \\d+/\\d+ batch .*")),
          "interval 0 logs epochs only");
    }
    assertEquals(
        "batchInterval must be 0 (epochs only) or positive, got -1",
        assertThrows(IllegalArgumentException.class, () -> new LoggingHandler(-1)).getMessage());
  }

  @Test
  void validationRunsEveryEpochPeriod() {
    Recorded out = new Recorded();
    try (Estimator estimator =
        estimator().handlers(new ValidationHandler(2), new EventRecorder(out)).build()) {
      FitResult result =
          estimator.fit(Blobs.dataset(manager, 32, 16, 1), Blobs.dataset(manager, 16, 16, 2), 4);

      assertEquals(2, out.lines().stream().filter(l -> l.equals("validation begin")).count());
      int firstValidation = out.lines().indexOf("validation begin");
      assertTrue(
          firstValidation > out.lines().indexOf("epoch end 0 batches 2"),
          "none after the first epoch");
      assertTrue(
          firstValidation < out.lines().indexOf("epoch end 1 batches 2"),
          "one as the second epoch ends");
      assertEquals(4, result.history().size());
    }
    assertEquals(
        "epochPeriod must be positive, got 0",
        assertThrows(IllegalArgumentException.class, () -> new ValidationHandler(0)).getMessage());
  }

  @Test
  void metricsAreResetEachEpochAndHistoryRecordsEveryEpoch() {
    try (Estimator estimator = estimator().build()) {
      FitResult result =
          estimator.fit(Blobs.dataset(manager, 64, 16, 1), Blobs.dataset(manager, 32, 16, 2), 3);

      assertEquals(
          List.of(0, 1, 2), result.history().epochs().stream().map(e -> e.epoch()).toList());
      for (var epoch : result.history().epochs()) {
        assertEquals(4, epoch.batches());
        assertTrue(epoch.duration().toNanos() > 0);
        assertTrue(epoch.metric("train accuracy") >= 0 && epoch.metric("train accuracy") <= 1);
        assertTrue(epoch.metrics().containsKey("validation loss"));
      }
      // Accuracy over 64 samples is a multiple of 1/64 only if the accumulator was reset each
      // epoch.
      double last = result.history().last().metric("train accuracy") * 64;
      assertEquals(Math.round(last), last, 1e-3);
      assertTrue(Double.isNaN(result.history().last().metric("no such metric")));
    }
  }
}

package dev.fitkit.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.fitkit.Estimator;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.LogCapture;
import dev.fitkit.testing.Nets;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which metrics the log shows. */
class LoggingHandlerTest {
  private static final String D = "\\d\\.\\d{4}";
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

  /**
   * Two epochs of three batches, validation after each unless {@code validation} says otherwise.
   */
  private List<String> log(Object... handlers) {
    try (LogCapture log = new LogCapture(LoggingHandler.class);
        Estimator estimator =
            Estimator.builder()
                .block(Nets.mlp())
                .loss(Loss.softmaxCrossEntropyLoss())
                .metrics(new Accuracy())
                .discoverHandlers(false)
                .handlers(handlers)
                .build()) {
      estimator.fit(Blobs.dataset(manager, 48, 16, 1), Blobs.dataset(manager, 16, 16, 2), 2);
      return withoutSummary(log.lines());
    }
  }

  /**
   * The log without the model summary, which {@link #theModelSummaryComesOnceBeforeTheFirstStep}
   * checks.
   */
  private static List<String> withoutSummary(List<String> lines) {
    return lines.stream().filter(line -> !line.startsWith("INFO Model summary:")).toList();
  }

  @Test
  void theModelSummaryComesOnceBeforeTheFirstStep() {
    try (LogCapture log = new LogCapture(LoggingHandler.class);
        Estimator estimator =
            Estimator.builder()
                .block(Nets.mlp())
                .loss(Loss.softmaxCrossEntropyLoss())
                .discoverHandlers(false)
                .handlers(new LoggingHandler(1))
                .build()) {
      estimator.fit(Blobs.dataset(manager, 48, 16, 1), 2);
      List<String> lines = log.lines();
      List<String> summaries =
          lines.stream().filter(l -> l.startsWith("INFO Model summary:")).toList();
      assertEquals(1, summaries.size(), "once a fit: " + lines);
      assertTrue(lines.get(1).startsWith("INFO Model summary:"), "before batch 1's line: " + lines);
      String summary = summaries.get(0);
      // 2 inputs -> 16 -> 3: 2*16+16 and 16*3+3 parameters.
      assertTrue(summary.matches("(?s).*SequentialBlock +\\(16, 3\\) +99\\b.*"), summary);
      assertTrue(summary.matches("(?s).*\\n    01Linear +\\(16, 16\\) +48\\b.*"), summary);
      assertTrue(summary.matches("(?s).*\\n    02LambdaBlock +\\(16, 16\\) +0\\b.*"), summary);
      assertTrue(summary.matches("(?s).*\\n    03Linear +\\(16, 3\\) +51\\b.*"), summary);
      assertTrue(summary.endsWith("99 parameters, 99 trainable"), summary);
    }
  }

  @Test
  void theSummaryCanBeTurnedOff() {
    List<String> lines = new java.util.ArrayList<>();
    try (LogCapture log = new LogCapture(LoggingHandler.class);
        Estimator estimator =
            Estimator.builder()
                .block(Nets.mlp())
                .loss(Loss.softmaxCrossEntropyLoss())
                .discoverHandlers(false)
                .handlers(LoggingHandler.builder().summary(false).build())
                .build()) {
      estimator.fit(Blobs.dataset(manager, 48, 16, 1), 1);
      lines.addAll(log.lines());
    }
    assertTrue(lines.stream().noneMatch(l -> l.contains("Model summary")), lines.toString());
  }

  @Test
  void aNetworkNotYetInitializedShowsUnknownShapesAndNoParameters() {
    dev.fitkit.ModelSummary summary = dev.fitkit.ModelSummary.of(Nets.mlp());
    assertEquals(4, summary.rows().size());
    assertEquals("?", summary.rows().get(0).outputShape());
    assertEquals(0, summary.parameters());
  }

  @Test
  void namedMetricsAreLoggedInTheGivenOrder() {
    List<String> lines =
        log(
            LoggingHandler.builder()
                .batchInterval(2)
                .metrics("validation accuracy", "train loss")
                .build());

    assertTrue(
        lines.get(1).matches("INFO Epoch 1/2 batch 2: train loss " + D + " \\| \\d+ samples/s"),
        lines.get(1));
    assertTrue(
        lines
            .get(2)
            .matches(
                "INFO Epoch 1/2 done in \\d+\\.\\d s: validation accuracy "
                    + D
                    + ", train loss "
                    + D
                    + " \\| \\d+ samples/s \\| lr 0\\.00100"),
        lines.get(2));
    assertTrue(
        lines.get(5).matches("INFO Training completed after 6 batches in \\d+\\.\\d s"),
        lines.get(5));
    assertEquals(6, lines.size(), lines.toString());
  }

  @Test
  void aFilterPicksMetricsByName() {
    List<String> lines =
        log(
            LoggingHandler.builder()
                .batchInterval(2)
                .metrics(name -> name.endsWith("accuracy"))
                .build());

    assertTrue(
        lines.get(1).matches("INFO Epoch 1/2 batch 2: train accuracy " + D + " \\| \\d+ samples/s"),
        lines.get(1));
    assertTrue(
        lines
            .get(2)
            .matches(
                "INFO Epoch 1/2 done in \\d+\\.\\d s: train accuracy "
                    + D
                    + ", validation accuracy "
                    + D
                    + " \\| \\d+ samples/s \\| lr 0\\.00100"),
        lines.get(2));
  }

  @Test
  void aBatchLineWithoutSelectedTrainingMetricsShowsSpeedOnly() {
    List<String> lines =
        log(LoggingHandler.builder().batchInterval(2).metrics("validation loss").build());

    assertTrue(lines.get(1).matches("INFO Epoch 1/2 batch 2 \\| \\d+ samples/s"), lines.get(1));
    assertTrue(
        lines
            .get(2)
            .matches("INFO Epoch 1/2 done in \\d+\\.\\d s: validation loss " + D + " \\| .*"),
        lines.get(2));
  }

  @Test
  void aMissingNameIsReportedOnceAsAWarning() {
    List<String> lines =
        log(
            LoggingHandler.builder()
                .batchInterval(0)
                .metrics("train acc", "validation accuracy", "validation acc")
                .build());

    List<String> warnings = lines.stream().filter(l -> l.startsWith("WARN")).toList();
    assertEquals(
        List.of(
            "WARN No metric named 'train acc' to log at Epoch 1/2; metrics now: [train accuracy,"
                + " train loss, validation accuracy, validation loss]. It is logged once it"
                + " appears; check its spelling.",
            "WARN No metric named 'validation acc' to log at Epoch 1/2; metrics now: [train"
                + " accuracy, train loss, validation accuracy, validation loss]. It is logged once"
                + " it appears; check its spelling."),
        warnings,
        "once per name, not again at epoch 2");
    assertTrue(
        lines.stream()
            .anyMatch(
                l ->
                    l.matches(
                        "INFO Epoch 2/2 done in \\d+\\.\\d s: validation accuracy "
                            + D
                            + " \\| .*")),
        lines.toString());
  }

  @Test
  void validationNamesWaitForTheFirstPass() {
    List<String> lines =
        log(
            new ValidationHandler(2),
            LoggingHandler.builder().batchInterval(0).metrics("validation accuracy").build());

    assertTrue(
        lines.stream().noneMatch(l -> l.startsWith("WARN")),
        "no pass yet after epoch 1 is no mistake: " + lines);
    assertTrue(
        lines
            .get(1)
            .matches("INFO Epoch 1/2 done in \\d+\\.\\d s \\| \\d+ samples/s \\| lr 0\\.00100"),
        lines.get(1));
    assertTrue(
        lines
            .get(2)
            .matches("INFO Epoch 2/2 done in \\d+\\.\\d s: validation accuracy " + D + " \\| .*"),
        lines.get(2));
  }

  @Test
  void anUnknownLearningRateIsLeftOut() {
    try (LogCapture log = new LogCapture(LoggingHandler.class);
        Estimator estimator =
            Estimator.builder()
                .block(Nets.mlp())
                .loss(Loss.softmaxCrossEntropyLoss())
                // a DJL optimizer with no fitkit LearningRate: the loop cannot know the rate
                .optimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build())
                .discoverHandlers(false)
                .handlers(new LoggingHandler(0))
                .build()) {
      estimator.fit(Blobs.dataset(manager, 32, 16, 1), null, 1);
      String epoch = withoutSummary(log.lines()).get(1);
      assertTrue(epoch.matches("INFO Epoch 1/1 done in .* \\| \\d+ samples/s"), epoch);
    }
  }

  @Test
  void anEpochWithoutItsOwnValidationPassShowsNoValidationValues() {
    try (LogCapture log = new LogCapture(LoggingHandler.class);
        Estimator estimator =
            Estimator.builder()
                .block(Nets.mlp())
                .loss(Loss.softmaxCrossEntropyLoss())
                .discoverHandlers(false)
                .handlers(new ValidationHandler(2), new LoggingHandler(0))
                .build()) {
      estimator.fit(Blobs.dataset(manager, 32, 16, 1), Blobs.dataset(manager, 16, 16, 2), 3);
      List<String> lines = withoutSummary(log.lines());
      assertTrue(
          lines.get(1).matches("INFO Epoch 1/3 done in \\d+\\.\\d s: train loss " + D + " \\| .*"),
          lines.get(1));
      assertTrue(
          lines
              .get(2)
              .matches(
                  "INFO Epoch 2/3 done in \\d+\\.\\d s: train loss "
                      + D
                      + ", validation loss "
                      + D
                      + " \\| .*"),
          lines.get(2));
      assertTrue(
          lines.get(3).matches("INFO Epoch 3/3 done in \\d+\\.\\d s: train loss " + D + " \\| .*"),
          "not epoch 2's validation loss again: " + lines.get(3));
    }
  }

  @Test
  void validationNamesWithoutValidationDataAreReported() {
    try (LogCapture log = new LogCapture(LoggingHandler.class);
        Estimator estimator =
            Estimator.builder()
                .block(Nets.mlp())
                .loss(Loss.softmaxCrossEntropyLoss())
                .discoverHandlers(false)
                .handlers(
                    LoggingHandler.builder().batchInterval(0).metrics("validation loss").build())
                .build()) {
      estimator.fit(Blobs.dataset(manager, 32, 16, 1), 1);
      assertEquals(
          "WARN No metric named 'validation loss' to log at Epoch 1/1; metrics now: [train loss]."
              + " It is logged once it appears; check its spelling.",
          withoutSummary(log.lines()).get(1));
    }
  }

  @Test
  void optionsAreChecked() {
    assertEquals(
        "metrics needs one or more metric names, e.g. \"train loss\", \"validation accuracy\"",
        assertThrows(
                IllegalArgumentException.class,
                () -> LoggingHandler.builder().metrics(new String[0]))
            .getMessage());
    assertEquals(
        "metrics got a null or blank name: [\"train loss\", \" \", null]",
        assertThrows(
                IllegalArgumentException.class,
                () -> LoggingHandler.builder().metrics("train loss", " ", null))
            .getMessage());
    assertEquals(
        "metrics needs a filter, e.g. name -> name.endsWith(\"accuracy\")",
        assertThrows(
                IllegalArgumentException.class,
                () -> LoggingHandler.builder().metrics((Predicate<String>) null))
            .getMessage());
    assertEquals(
        "batchInterval must be 0 (epochs only) or positive, got -3",
        assertThrows(
                IllegalArgumentException.class, () -> LoggingHandler.builder().batchInterval(-3))
            .getMessage());
  }
}

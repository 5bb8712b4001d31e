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
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.EventRecorder;
import dev.fitkit.testing.Nets;
import dev.fitkit.testing.Recorded;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Validation every K training batches, alone or with the epoch period. */
class ValidationHandlerTest {
  private static final List<String> PASS =
      List.of("validation begin", "validation batch 0", "validation batch 1", "validation end");
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

  /** Two epochs of four training batches; validation data in two batches. */
  private FitResult fit(ValidationHandler validation, Recorded out) {
    try (Estimator estimator =
        Estimator.builder()
            .block(Nets.mlp())
            .loss(Loss.softmaxCrossEntropyLoss())
            .metrics(new Accuracy())
            .discoverHandlers(false)
            .handlers(validation, new EventRecorder(out))
            .build()) {
      return estimator.fit(Blobs.dataset(manager, 64, 16, 1), Blobs.dataset(manager, 20, 10, 2), 2);
    }
  }

  private static List<String> with(List<String> before, List<String> after) {
    List<String> lines = new java.util.ArrayList<>(before);
    lines.addAll(PASS);
    lines.addAll(after);
    return lines;
  }

  @Test
  void batchPeriodValidatesEveryKBatchesAcrossEpochs() {
    Recorded out = new Recorded();
    FitResult result = fit(new ValidationHandler(0, 3), out);

    List<String> epoch0 =
        with(
            List.of(
                "epoch begin",
                "batch begin 0/0",
                "batch end 0/0 step 0 size 16",
                "batch begin 0/1",
                "batch end 0/1 step 1 size 16",
                "batch begin 0/2"),
            // After the step and metrics of batch 3, before default-priority handlers see the
            // batch.
            List.of(
                "batch end 0/2 step 2 size 16",
                "batch begin 0/3",
                "batch end 0/3 step 3 size 16",
                "epoch end 0 batches 4"));
    assertEquals(
        epoch0, out.lines().subList(1, 1 + epoch0.size()), "no pass at epoch end: period 0");
    List<String> epoch1 =
        with(
            List.of(
                "epoch begin",
                "batch begin 1/0",
                "batch end 1/0 step 4 size 16",
                "batch begin 1/1"),
            List.of(
                "batch end 1/1 step 5 size 16",
                "batch begin 1/2",
                "batch end 1/2 step 6 size 16",
                "batch begin 1/3",
                "batch end 1/3 step 7 size 16",
                "epoch end 1 batches 4"));
    assertEquals(
        epoch1,
        out.lines().subList(1 + epoch0.size(), 1 + epoch0.size() + epoch1.size()),
        "the period runs on over the epoch boundary: batches 3 and 6");
    assertEquals(2, out.lines().stream().filter("validation begin"::equals).count());
    assertTrue(
        result.history().epochs().stream()
            .allMatch(e -> e.metrics().containsKey("validation accuracy")),
        "each epoch record holds its latest mid-epoch pass");
  }

  @Test
  void batchAndEpochPeriodsBothRun() {
    Recorded out = new Recorded();
    fit(new ValidationHandler(2, 3), out);

    List<String> lines = out.lines();
    assertEquals(
        3,
        lines.stream().filter("validation begin"::equals).count(),
        "batches 3 and 6, and epoch 2");
    assertEquals(
        PASS,
        lines.subList(lines.indexOf("batch begin 0/2") + 1, lines.indexOf("batch begin 0/2") + 5));
    assertEquals(
        PASS,
        lines.subList(
            lines.indexOf("batch end 1/3 step 7 size 16") + 1,
            lines.indexOf("batch end 1/3 step 7 size 16") + 5));
    assertEquals(
        "epoch end 1 batches 4", lines.get(lines.indexOf("batch end 1/3 step 7 size 16") + 5));
    assertEquals(
        "batch end 0/3 step 3 size 16",
        lines.get(lines.indexOf("epoch end 0 batches 4") - 1),
        "epoch period 2: no pass at the first epoch's end");
  }

  @Test
  void batchPeriodWithoutValidationDataDoesNothing() {
    Recorded out = new Recorded();
    try (Estimator estimator =
        Estimator.builder()
            .block(Nets.mlp())
            .loss(Loss.softmaxCrossEntropyLoss())
            .discoverHandlers(false)
            .handlers(new ValidationHandler(1, 1), new EventRecorder(out))
            .build()) {
      estimator.fit(Blobs.dataset(manager, 32, 16, 1), 1);
    }
    assertTrue(
        out.lines().stream().noneMatch(l -> l.startsWith("validation")), out.lines().toString());
  }

  @Test
  void periodsAreChecked() {
    assertEquals(
        "epochPeriod must be 0 (no validation at epoch end) or positive, got -1",
        assertThrows(IllegalArgumentException.class, () -> new ValidationHandler(-1, 5))
            .getMessage());
    assertEquals(
        "batchPeriod must be 0 (no validation between batches) or positive, got -2",
        assertThrows(IllegalArgumentException.class, () -> new ValidationHandler(1, -2))
            .getMessage());
    assertEquals(
        "ValidationHandler(0, 0) would never validate: give a positive epochPeriod or batchPeriod,"
            + " or pass null validation data to fit",
        assertThrows(IllegalArgumentException.class, () -> new ValidationHandler(0, 0))
            .getMessage());
  }
}

package dev.fitkit.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.fitkit.Budget;
import dev.fitkit.Estimator;
import dev.fitkit.FitResult;
import dev.fitkit.Outcome;
import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.HandlerEvent;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.annotations.OnBeforeUpdate;
import dev.fitkit.annotations.OnCheckpointSaved;
import dev.fitkit.annotations.OnValidationBatchBegin;
import dev.fitkit.annotations.OnValidationBatchEnd;
import dev.fitkit.annotations.Priority;
import dev.fitkit.checkpoint.CheckpointFile;
import dev.fitkit.handlers.CheckpointHandler;
import dev.fitkit.handlers.GradientUpdateHandler;
import dev.fitkit.metric.Monitor;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.Nets;
import dev.fitkit.testing.ParameterSnapshots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The events beyond the loop's basic ones, each inside a real fit: before the optimizer step,
 * before each validation batch, after each checkpoint, and an event a pack declares and fires.
 */
class NewEventsTest {
  private NDManager manager;
  @TempDir Path dir;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private static Estimator sgd(Object... handlers) {
    Engine.getInstance().setRandomSeed(42);
    return Estimator.builder()
        .block(Nets.mlp())
        .loss(Loss.softmaxCrossEntropyLoss())
        .optimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.5f)).build())
        .discoverHandlers(false)
        .handlers(handlers)
        .build();
  }

  /** Clipping by value as a handler of its own, on the event before the step. */
  @FitHandler(id = "test.clip", autoLoad = false)
  public static final class ClipsValues {
    final List<Integer> groups = new ArrayList<>();
    final List<Double> norms = new ArrayList<>();

    @OnBeforeUpdate
    void clip(BeforeUpdate event) {
      groups.add(event.batchesAccumulated());
      event.clipValue(0.01);
      norms.add(event.globalNorm());
      try (NDManager scope = event.trainer().getManager().newSubManager()) {
        assertFalse(event.gradients(scope).isEmpty());
      }
    }
  }

  @Test
  void aHandlerBeforeTheStepClipsExactlyAsTheBuiltInOption() {
    float[] builtIn;
    try (Estimator estimator = sgd(GradientUpdateHandler.builder().clipValue(0.01).build())) {
      estimator.fit(Blobs.dataset(manager, 64, 16, 1), null, Budget.epochs(2));
      builtIn = ParameterSnapshots.flat(estimator.trainer());
    }
    ClipsValues clips = new ClipsValues();
    float[] byHandler;
    try (Estimator estimator = sgd(clips)) {
      estimator.fit(Blobs.dataset(manager, 64, 16, 1), null, Budget.epochs(2));
      byHandler = ParameterSnapshots.flat(estimator.trainer());
    }
    assertArrayEquals(builtIn, byHandler, "the same parameters, to the bit");
    assertEquals(8, clips.groups.size(), "one event per optimizer step");
    for (double norm : clips.norms) {
      assertTrue(norm > 0, "the clipped gradients are the ones the step applies");
    }
  }

  @Test
  void withAccumulationTheEventComesOncePerGroupAndForThePartialOneAtEpochEnd() {
    ClipsValues seen = new ClipsValues();
    try (Estimator estimator = sgd(GradientUpdateHandler.builder().accumulate(3).build(), seen)) {
      estimator.fit(Blobs.dataset(manager, 80, 16, 1), null, Budget.epochs(1)); // 5 batches
    }
    assertEquals(List.of(3, 2), seen.groups);
  }

  /** Records validation batch begins and ends in order. */
  @FitHandler(id = "test.validation-order", autoLoad = false)
  public static final class ValidationOrder {
    final List<String> seen = new ArrayList<>();

    @OnValidationBatchBegin
    void begin(ValidationBatchBegin event) {
      seen.add("begin " + event.batchIndex() + " " + event.batch().getSize());
    }

    @OnValidationBatchEnd
    void end(ValidationBatchEnd event) {
      seen.add("end " + event.batchSize());
    }
  }

  @Test
  void eachValidationBatchBeginsBeforeItEnds() {
    ValidationOrder order = new ValidationOrder();
    try (Estimator estimator = sgd(order)) {
      estimator.fit(
          Blobs.dataset(manager, 32, 16, 1), Blobs.dataset(manager, 40, 16, 2), Budget.epochs(1));
    }
    assertEquals(
        List.of("begin 0 16", "end 16", "begin 1 16", "end 16", "begin 2 8", "end 8"), order.seen);
  }

  /** Copies every checkpoint the checkpoint handler writes, as an uploader would. */
  @FitHandler(id = "test.copies-checkpoints", autoLoad = false)
  public static final class CopiesCheckpoints {
    final Path target;
    final List<CheckpointSaved.Reason> reasons = new ArrayList<>();

    CopiesCheckpoints(Path target) {
      this.target = target;
    }

    @OnCheckpointSaved
    void copy(CheckpointSaved event) {
      reasons.add(event.reason());
      try {
        Files.createDirectories(target);
        Files.copy(
            event.file(),
            target.resolve(event.file().getFileName()),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Test
  void everyCheckpointWrittenIsAnnouncedOnceItIsComplete() throws Exception {
    Path copies = dir.resolve("copies");
    CopiesCheckpoints uploader = new CopiesCheckpoints(copies);
    CheckpointHandler checkpoints =
        CheckpointHandler.builder(dir.resolve("checkpoints"))
            .monitor("validation loss", Monitor.Mode.AUTO)
            .saveBest(true)
            .build();
    try (Estimator estimator = sgd(checkpoints, uploader)) {
      estimator.fit(
          Blobs.dataset(manager, 32, 16, 1), Blobs.dataset(manager, 32, 16, 2), Budget.epochs(2));
    }
    assertEquals(CheckpointSaved.Reason.PERIODIC, uploader.reasons.get(0));
    assertTrue(uploader.reasons.contains(CheckpointSaved.Reason.BEST), "" + uploader.reasons);
    assertEquals(CheckpointSaved.Reason.LAST, uploader.reasons.get(uploader.reasons.size() - 1));
    try (var files = Files.list(copies)) {
      for (Path copy : files.toList()) {
        Path original = dir.resolve("checkpoints").resolve(copy.getFileName());
        CheckpointFile.read(copy); // a complete, valid checkpoint
        assertEquals(-1, Files.mismatch(original, copy), "the copy of " + copy.getFileName());
      }
    }
  }

  /** An event kind a pack declares: its annotation, its event class, and who fires it. */
  @HandlerEvent(value = "dev.fitkit.event.NewEventsTest.Milestone", mayStop = true)
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.METHOD)
  @interface OnMilestone {
    int priority() default Priority.DEFAULT;
  }

  /** Fired by {@link AnnouncesMilestones} every few batches. */
  public static final class Milestone extends FitEvent {
    final long steps;

    Milestone(FitContext context, long steps) {
      super(context);
      this.steps = steps;
    }
  }

  @FitHandler(id = "test.announces-milestones", autoLoad = false)
  public static final class AnnouncesMilestones {
    @OnBatchEnd
    void batchEnd(BatchEnd event) {
      if (event.stepsCompleted() % 3 == 0) {
        event.context().publish(new Milestone(event.context(), event.stepsCompleted()));
      }
    }
  }

  @FitHandler(id = "test.stops-at-milestone", autoLoad = false)
  public static final class StopsAtSecondMilestone {
    final List<Long> seen = new ArrayList<>();

    @OnMilestone
    boolean reached(Milestone milestone) {
      seen.add(milestone.steps);
      return seen.size() == 2;
    }
  }

  @Test
  void aPacksOwnEventReachesItsHandlersAndMayStopTheFit() {
    StopsAtSecondMilestone listener = new StopsAtSecondMilestone();
    FitResult result;
    try (Estimator estimator = sgd(new AnnouncesMilestones(), listener)) {
      result = estimator.fit(Blobs.dataset(manager, 160, 16, 1), null, Budget.epochs(3));
      assertEquals(
          List.of("test.stops-at-milestone#reached"),
          estimator.listenerOrder(EventKind.of(Milestone.class)));
    }
    assertEquals(List.of(3L, 6L), listener.seen);
    assertEquals(Outcome.STOPPED, result.outcome());
    assertEquals(6, result.batches());
    assertTrue(
        result.stopReasons().get(0).reason().contains("reached()"), "" + result.stopReasons());
  }

  @Test
  void kindsAreOnePerEventClassAndNamedInWords() {
    assertEquals(EventKind.VALIDATION_BATCH_BEGIN, EventKind.of(ValidationBatchBegin.class));
    assertEquals("validation batch begin", EventKind.VALIDATION_BATCH_BEGIN.toString());
    assertEquals("milestone", EventKind.of(Milestone.class).toString());
  }
}

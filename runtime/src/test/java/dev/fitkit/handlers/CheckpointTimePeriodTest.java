package dev.fitkit.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.inject.name.Names;
import dev.fitkit.Budget;
import dev.fitkit.Estimator;
import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchBegin;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.Estimators;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints by training time, for epochs too long to lose: in real fits of 2 x 4 batches. */
class CheckpointTimePeriodTest {
  private static final Duration BATCH = Duration.ofMinutes(7);
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

  @Test
  void savesAtTheFirstBatchEndAPeriodAfterTheLastSave() throws IOException {
    AtomicLong clock = new AtomicLong();
    CheckpointHandler checkpoints =
        CheckpointHandler.builder(dir)
            .epochPeriod(0)
            .maxCheckpoints(0)
            .timePeriod(Duration.ofMinutes(15))
            .clock(clock::get)
            .build();
    fit(checkpoints, new Tick(clock));

    // 7 minutes a batch: 21 minutes at batch 3, then 21 more at batch 6; the last at train end.
    assertEquals(
        List.of(
            "checkpoint-epoch0batch3.ckpt",
            "checkpoint-epoch1batch6.ckpt",
            "checkpoint-epoch2batch8.ckpt"),
        files());
  }

  @Test
  void theTimePeriodIsAnOptionToo() throws IOException {
    try (Estimator estimator =
        Estimators.resumableAdam(0.01f)
            .handlerTypes(CheckpointHandler.class)
            .handlers(new Sleep())
            .modules(
                binder -> {
                  binder
                      .bindConstant()
                      .annotatedWith(Names.named("fitkit.checkpoint.directory"))
                      .to(dir.toString());
                  binder
                      .bindConstant()
                      .annotatedWith(Names.named("fitkit.checkpoint.time-period"))
                      .to("PT0.001S");
                  binder
                      .bindConstant()
                      .annotatedWith(Names.named("fitkit.checkpoint.max-checkpoints"))
                      .to(0);
                })
            .build()) {
      estimator.fit(Blobs.dataset(manager, 64, 16, 1), null, Budget.epochs(2));
    }
    // Each batch sleeps 2 ms, over the 1 ms period: a save at every batch end (8), the default
    // epoch period's at the first epoch end, then the last at train end.
    List<String> files = files();
    assertEquals(10, files.size(), files.toString());
    assertTrue(files.contains("checkpoint-epoch0batch1.ckpt"), files.toString());
  }

  @Test
  void aPeriodThatIsNotPositiveIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CheckpointHandler.builder(dir).timePeriod(Duration.ZERO));
    assertEquals("timePeriod must be positive, not PT0S", e.getMessage());
  }

  private void fit(Object... handlers) {
    try (Estimator estimator = Estimators.resumableAdam(0.01f).handlers(handlers).build()) {
      estimator.fit(Blobs.dataset(manager, 64, 16, 1), null, Budget.epochs(2));
    }
  }

  private List<String> files() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Moves the test clock by one batch's worth of time. */
  @FitHandler(id = "test.tick", autoLoad = false)
  static final class Tick {
    private final AtomicLong clock;

    Tick(AtomicLong clock) {
      this.clock = clock;
    }

    @OnBatchBegin
    void tick() {
      clock.addAndGet(BATCH.toNanos());
    }
  }

  @FitHandler(id = "test.sleep", autoLoad = false)
  static final class Sleep {
    @OnBatchBegin
    void sleep() {
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

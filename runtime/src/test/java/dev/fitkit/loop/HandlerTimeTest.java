package dev.fitkit.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Dataset;
import dev.fitkit.Estimator;
import dev.fitkit.FitResult;
import dev.fitkit.HandlerTime;
import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.Estimators;
import dev.fitkit.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each handler method's time, in a real fit: in the result and, above 1% of the fit, the log. */
class HandlerTimeTest {
  private NDManager manager;
  private Dataset train;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
    train = Blobs.dataset(manager, 64, 16, 1); // 4 batches an epoch
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  @Test
  void aSlowHandlerIsTheLongestAndTheLogSaysItsShare() {
    FitResult result;
    try (LogCapture log = new LogCapture(TrainingLoop.class);
        Estimator estimator =
            Estimators.adam(0.01f)
                .discoverHandlers(false)
                .handlers(new Slow(), new Counted())
                .build()) {
      result = estimator.fit(train, 2);
      List<HandlerTime> times = result.handlerTimes();
      HandlerTime slow = times.get(0);
      assertEquals("test.slow", slow.handlerId(), times.toString());
      assertEquals("epochEnd", slow.method());
      assertEquals("epoch end", slow.event());
      assertEquals(2, slow.calls());
      assertTrue(slow.total().compareTo(Duration.ofMillis(100)) >= 0, slow.toString());
      assertTrue(slow.perCall().compareTo(Duration.ofMillis(50)) >= 0, slow.toString());
      HandlerTime counted = find(times, "test.counted");
      assertEquals(8, counted.calls(), "one call a batch: " + counted);
      assertTrue(
          times.stream().anyMatch(t -> t.handlerId().equals("fitkit.gradient-update")),
          "the built-in handlers are timed too: " + times);

      String text = String.join("\n", log.lines());
      assertTrue(text.contains("Handler time, of the fit's "), text);
      assertTrue(
          text.matches("(?s).*\\d+\\.\\d%  test\\.slow#epochEnd at epoch end: \\d+ ms, 2 calls.*"),
          text);
    }
  }

  @Test
  void aReportWithNothingOverOnePercentNamesTheLongest() {
    HandlerTime tiny =
        new HandlerTime("test.counted", "batchEnd", "batch end", 4, Duration.ofNanos(4_000));
    assertEquals(
        "Handler time, of the fit's 1000 ms (methods over 1%; all in FitResult.handlerTimes()):"
            + " none; the longest: test.counted#batchEnd at batch end: 0 ms, 4 calls, 1 µs a call",
        HandlerTimeReport.text(List.of(tiny), Duration.ofSeconds(1)));
    assertEquals(Duration.ZERO, new HandlerTime("a", "b", "c", 0, Duration.ZERO).perCall());
    assertEquals(
        List.of(),
        new dev.fitkit.FitResult(
                dev.fitkit.Outcome.COMPLETED,
                new dev.fitkit.History(),
                List.of(),
                1,
                4,
                Duration.ofSeconds(1))
            .handlerTimes(),
        "a result built without handler times has none");
  }

  private static HandlerTime find(List<HandlerTime> times, String id) {
    return times.stream().filter(t -> t.handlerId().equals(id)).findFirst().orElseThrow();
  }

  @FitHandler(id = "test.slow", autoLoad = false)
  static final class Slow {
    @OnEpochEnd
    void epochEnd() {
      try {
        Thread.sleep(60);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @FitHandler(id = "test.counted", autoLoad = false)
  static final class Counted {
    @OnBatchEnd
    void batchEnd() {}
  }
}

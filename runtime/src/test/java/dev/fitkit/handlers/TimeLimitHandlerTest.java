package dev.fitkit.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Dataset;
import com.google.inject.name.Names;
import dev.fitkit.Estimator;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.FitResult;
import dev.fitkit.Outcome;
import dev.fitkit.StopReason;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.Estimators;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A wall-clock limit inside real fits: a tiny limit stops long before the budget is spent. */
class TimeLimitHandlerTest {
  private static final int BUDGET_BATCHES = 10 * 3;

  private NDManager manager;
  private Dataset train;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
    Engine.getInstance().setRandomSeed(7);
    train = Blobs.dataset(manager, 40, 16, 1);
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private static void assertStoppedByTheLimit(FitResult result, String limit) {
    assertEquals(Outcome.STOPPED, result.outcome());
    assertTrue(result.batches() < BUDGET_BATCHES, "stopped before the budget: " + result.batches());
    StopReason reason = result.stopReasons().get(0);
    assertEquals("fitkit.time-limit", reason.source());
    assertTrue(
        reason.reason().matches("reached the time limit of " + limit + " after \\d+\\.\\d{3} s"),
        reason.reason());
  }

  @Test
  void stopsAtTheFirstBatchEndAfterTheLimit() {
    try (Estimator estimator =
        Estimators.adam(0.02f).handlers(new TimeLimitHandler(Duration.ofMillis(1))).build()) {
      assertStoppedByTheLimit(estimator.fit(train, null, 10), "0\\.001 s");
    }
  }

  @Test
  void isConfiguredThroughGuice() {
    try (Estimator estimator =
        Estimators.adam(0.02f)
            .handlerTypes(TimeLimitHandler.class)
            .modules(
                binder ->
                    binder
                        .bindConstant()
                        .annotatedWith(Names.named("fitkit.time-limit.limit"))
                        .to("PT0.001S"))
            .build()) {
      assertStoppedByTheLimit(estimator.fit(train, null, 10), "0\\.001 s");
    }
    try (Estimator estimator =
        Estimators.adam(0.02f)
            .handlerTypes(TimeLimitHandler.class)
            .modules(
                binder ->
                    binder
                        .bind(Duration.class)
                        .annotatedWith(Names.named("fitkit.time-limit.limit"))
                        .toInstance(Duration.ofNanos(1)))
            .build()) {
      assertStoppedByTheLimit(estimator.fit(train, null, 10), "0\\.000 s");
    }
  }

  @Test
  void theLimitIsRequiredAndChecked() {
    String m =
        assertThrows(
                FitConfigurationException.class,
                () ->
                    Estimators.adam(0.02f)
                        .handlerTypes(TimeLimitHandler.class)
                        .build()
                        .fit(train, null, 1))
            .getMessage();
    assertTrue(
        m.contains(
            "Handler fitkit.time-limit needs the option fitkit.time-limit.limit: bind it in a"
                + " module passed to Estimator.builder().modules(...), e.g."
                + " binder.bindConstant().annotatedWith("
                + "Names.named(\"fitkit.time-limit.limit\")).to(\"PT30M\")"),
        m);
    m =
        assertThrows(
                FitConfigurationException.class,
                () ->
                    Estimators.adam(0.02f)
                        .handlerTypes(TimeLimitHandler.class)
                        .modules(
                            binder ->
                                binder
                                    .bindConstant()
                                    .annotatedWith(Names.named("fitkit.time-limit.limit"))
                                    .to("30 minutes"))
                        .build()
                        .fit(train, null, 1))
            .getMessage();
    assertTrue(
        m.contains(
            "The option fitkit.time-limit.limit must be an ISO-8601 duration such as PT30M, PT2H"
                + " or PT0.5S, got '30 minutes'"),
        m);
    assertEquals(
        "The time limit must be a positive duration, e.g. Duration.ofMinutes(30); got PT0S",
        assertThrows(IllegalArgumentException.class, () -> new TimeLimitHandler(Duration.ZERO))
            .getMessage());
    assertEquals(
        "The time limit must be a positive duration, e.g. Duration.ofMinutes(30); got null",
        assertThrows(IllegalArgumentException.class, () -> new TimeLimitHandler((Duration) null))
            .getMessage());
  }
}

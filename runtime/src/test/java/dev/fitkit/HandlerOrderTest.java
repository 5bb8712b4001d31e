package dev.fitkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fitkit.event.EventKind;
import dev.fitkit.handlers.LoggingHandler;
import dev.fitkit.loss.L2Loss;
import dev.fitkit.testing.Nets;
import dev.fitkit.testing.OrderProbe;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The documented order: priority, then handler id, then method name; built-ins at fixed priorities.
 */
class HandlerOrderTest {

  private static Estimator.Builder estimator() {
    return Estimator.builder().block(Nets.mlp()).loss(new L2Loss()).discoverHandlers(false);
  }

  @Test
  void builtInsRunAtTheirFixedPrioritiesAroundUserHandlers() {
    try (Estimator estimator =
        estimator().handlers(new OrderProbe.Zeta(), new OrderProbe.Alpha()).build()) {
      assertEquals(
          List.of(
              "fitkit.terminate-on-nan#check", // -2100, before the step
              "fitkit.gradient-update#step", // -2000
              "fitkit.metrics#updateTraining", // -1000
              "fitkit.history#recordBatch", // -950
              "fitkit.validation#validateBatchPeriod", // -900
              "test.order.alpha#early", // -5
              "test.order.alpha#a", // 0, same id: by method name
              "test.order.alpha#b",
              "test.order.zeta#first", // 0, id after alpha
              "fitkit.logging#batchEnd"), // last
          estimator.listenerOrder(EventKind.BATCH_END));
      assertEquals(
          List.of(
              "fitkit.gradient-update#flush", // a partial accumulation group, before validation
              "fitkit.validation#validate",
              "fitkit.history#record",
              "fitkit.logging#epochEnd"),
          estimator.listenerOrder(EventKind.EPOCH_END));
    }
  }

  @Test
  void anInstanceOfABuiltInClassReplacesTheBuiltIn() {
    try (Estimator estimator = estimator().handlers(new LoggingHandler(5)).build()) {
      assertEquals(
          1,
          estimator.listenerOrder(EventKind.BATCH_END).stream()
              .filter(l -> l.startsWith("fitkit.logging"))
              .count());
    }
  }
}

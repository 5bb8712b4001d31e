package dev.fitkit.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.dataset.Dataset;
import ai.djl.util.Pair;
import com.google.inject.name.Names;
import dev.fitkit.Estimator;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.FitResult;
import dev.fitkit.NonFiniteLossException;
import dev.fitkit.Outcome;
import dev.fitkit.StopReason;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.Estimators;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real fit whose data holds a NaN: sample 50 of 80, in batches of 16, so epoch 0, batch 3, global
 * step 3 has a NaN loss.
 */
class TerminateOnNaNTest {
  private static final String WHERE = "epoch 0, batch 3, step 3";

  private NDManager manager;
  private Dataset poisoned;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
    Engine.getInstance().setRandomSeed(7);
    poisoned = Blobs.withNaN(manager, 80, 16, 1, 50);
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  @Test
  void stopsAfterTheBatchWithANaNLoss() {
    try (Estimator estimator = Estimators.adam(0.02f).handlers(new TerminateOnNaN()).build()) {
      FitResult result = estimator.fit(poisoned, null, 5);

      assertEquals(Outcome.STOPPED, result.outcome());
      assertEquals(4, result.batches());
      assertEquals(
          List.of(
              new StopReason(
                  "fitkit.terminate-on-nan", 0, 3, "the training loss is NaN at " + WHERE)),
          result.stopReasons());
    }
  }

  @Test
  void failsBeforeTheNaNReachesTheWeights() {
    try (Estimator estimator =
        Estimators.adam(0.02f).handlers(new TerminateOnNaN(TerminateOnNaN.Action.FAIL)).build()) {
      NonFiniteLossException e =
          assertThrows(NonFiniteLossException.class, () -> estimator.fit(poisoned, null, 5));

      assertEquals(
          "The training loss is NaN at "
              + WHERE
              + ": lower the learning rate, clip the gradients, or look"
              + " for NaN or infinite values in the data. To train on regardless, pass new"
              + " TerminateOnNaN(Action.CONTINUE) to the estimator's handlers.",
          e.getMessage());
      assertEquals("fitkit.terminate-on-nan", e.handlerId());
      for (Pair<String, Parameter> parameter : estimator.model().getBlock().getParameters()) {
        assertFalse(
            parameter.getValue().getArray().isNaN().any().getBoolean(),
            parameter.getKey() + " stayed finite");
      }
    }
  }

  @Test
  void catchesAnInfiniteLossFromADivergingRun() {
    // Plain SGD at a learning rate of 1e4 sends the loss to infinity, then NaN, within a few
    // batches.
    try (Estimator estimator = Estimators.sgd(1e4f).handlers(new TerminateOnNaN()).build()) {
      FitResult result = estimator.fit(Blobs.dataset(manager, 400, 16, 1), null, 20);

      assertEquals(Outcome.STOPPED, result.outcome());
      assertTrue(
          result
              .stopReasons()
              .get(0)
              .reason()
              .matches("the training loss is (NaN|Infinity) at epoch \\d+, batch \\d+, step \\d+"),
          result.stopReasons().toString());
      assertTrue(result.batches() < 20 * 25);
    }
  }

  @Test
  void isConfiguredThroughGuice() {
    try (Estimator estimator =
        Estimators.adam(0.02f)
            .handlerTypes(TerminateOnNaN.class)
            .modules(
                binder ->
                    binder
                        .bindConstant()
                        .annotatedWith(Names.named("fitkit.terminate-on-nan.action"))
                        .to("stop"))
            .build()) {
      assertEquals(Outcome.STOPPED, estimator.fit(poisoned, null, 5).outcome());
    }
    try (Estimator estimator = Estimators.adam(0.02f).handlerTypes(TerminateOnNaN.class).build()) {
      assertThrows(
          NonFiniteLossException.class,
          () -> estimator.fit(poisoned, null, 5),
          "fail is the default, as for the built-in");
    }
    String previous = System.setProperty("fitkit.terminate-on-nan.action", "stop");
    try (Estimator estimator = Estimators.adam(0.02f).build()) {
      assertEquals(
          Outcome.STOPPED,
          estimator.fit(poisoned, null, 5).outcome(),
          "a system property configures the built-in");
    } finally {
      restore("fitkit.terminate-on-nan.action", previous);
    }
    String m =
        assertThrows(
                FitConfigurationException.class,
                () ->
                    Estimators.adam(0.02f)
                        .handlerTypes(TerminateOnNaN.class)
                        .modules(
                            binder ->
                                binder
                                    .bindConstant()
                                    .annotatedWith(Names.named("fitkit.terminate-on-nan.action"))
                                    .to("explode"))
                        .build()
                        .fit(poisoned, null, 1))
            .getMessage();
    assertTrue(
        m.contains(
            "The option fitkit.terminate-on-nan.action must be one of continue, fail, stop, got"
                + " 'explode'"),
        m);
    assertEquals(
        "TerminateOnNaN needs an action: Action.STOP, Action.FAIL or Action.CONTINUE",
        assertThrows(
                IllegalArgumentException.class,
                () -> new TerminateOnNaN((TerminateOnNaN.Action) null))
            .getMessage());
  }

  private static void restore(String property, String previous) {
    if (previous == null) {
      System.clearProperty(property);
    } else {
      System.setProperty(property, previous);
    }
  }
}

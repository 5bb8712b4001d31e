package dev.fitkit.optimizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.fitkit.Budget;
import dev.fitkit.Estimator;
import dev.fitkit.handlers.CheckpointHandler;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.Nets;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One optimizer per part of the network, inside real fits. */
class PerParameterOptimizerTest {
  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private static Optimizer twoRoutes(Block net) {
    return PerParameterOptimizer.builder(net)
        .route(
            name -> name.startsWith("01Linear"),
            Sgd.builder().learningRate(Tracker.fixed(0.05f)).momentum(0.9f).build())
        .otherwise(Adam.builder().learningRate(Tracker.fixed(0.01f)).build())
        .build();
  }

  private static float[] parameter(Estimator estimator, String name) {
    return estimator.model().getBlock().getParameters().get(name).getArray().toFloatArray();
  }

  @Test
  void eachPartOfTheNetworkGetsItsOwnOptimizer() {
    Block net = Nets.mlp();
    Optimizer frozenFirstLayer =
        PerParameterOptimizer.builder(net)
            .route(
                name -> name.startsWith("01Linear"),
                Sgd.builder().learningRate(Tracker.fixed(0f)).build())
            .otherwise(Adam.builder().build())
            .build();
    try (Estimator estimator =
        Estimator.builder()
            .block(net)
            .loss(Loss.softmaxCrossEntropyLoss())
            .optimizer(frozenFirstLayer)
            .seed(1)
            .discoverHandlers(false)
            .build()) {
      estimator.fit(Blobs.dataset(manager, 32, 16, 1), null, Budget.batches(1));
      float[] firstBefore = parameter(estimator, "01Linear_weight");
      float[] lastBefore = parameter(estimator, "03Linear_weight");
      estimator.fit(Blobs.dataset(manager, 64, 16, 1), null, 2);

      assertArrayEquals(
          firstBefore, parameter(estimator, "01Linear_weight"), "a learning rate of 0 freezes it");
      assertFalse(
          java.util.Arrays.equals(lastBefore, parameter(estimator, "03Linear_weight")),
          "Adam trains the rest");
    }
  }

  @Test
  void itsStateResumesExactly(@TempDir Path dir) {
    float[] uninterrupted;
    Block a = Nets.mlp();
    try (Estimator estimator =
        Estimator.builder()
            .block(a)
            .loss(Loss.softmaxCrossEntropyLoss())
            .optimizer(twoRoutes(a))
            .seed(9)
            .discoverHandlers(false)
            .build()) {
      estimator.fit(Blobs.dataset(manager, 64, 16, 1, true), null, 4);
      uninterrupted = parameter(estimator, "01Linear_weight");
    }
    Block b = Nets.mlp();
    try (Estimator estimator =
        Estimator.builder()
            .block(b)
            .loss(Loss.softmaxCrossEntropyLoss())
            .optimizer(twoRoutes(b))
            .seed(9)
            .discoverHandlers(false)
            .handlers(new CheckpointHandler(dir))
            .build()) {
      estimator.fit(Blobs.dataset(manager, 64, 16, 1, true), null, 2);
    }
    Block c = Nets.mlp();
    try (Estimator estimator =
        Estimator.builder()
            .block(c)
            .loss(Loss.softmaxCrossEntropyLoss())
            .optimizer(twoRoutes(c))
            .seed(9)
            .discoverHandlers(false)
            .build()) {
      estimator.resume(dir, Blobs.dataset(manager, 64, 16, 1, true), null, Budget.epochs(4));
      assertArrayEquals(uninterrupted, parameter(estimator, "01Linear_weight"));
    }
  }

  @Test
  void errorsNameTheFix() {
    Block net = Nets.mlp();
    assertEquals(
        "A PerParameterOptimizer needs at least one route",
        assertThrows(
                IllegalArgumentException.class, () -> PerParameterOptimizer.builder(net).build())
            .getMessage());

    PerParameterOptimizer onlyFirst =
        PerParameterOptimizer.builder(net)
            .route(name -> name.startsWith("01Linear"), Adam.builder().build())
            .build();
    try (Estimator estimator =
        Estimator.builder()
            .block(net)
            .loss(Loss.softmaxCrossEntropyLoss())
            .optimizer(onlyFirst)
            .discoverHandlers(false)
            .build()) {
      Exception e =
          assertThrows(
              RuntimeException.class,
              () -> estimator.fit(Blobs.dataset(manager, 16, 16, 1), null, 1));
      assertTrue(
          String.valueOf(e.getMessage()).contains("No optimizer route claims parameter 03Linear_")
              || String.valueOf(e.getCause())
                  .contains("No optimizer route claims parameter 03Linear_"),
          e.toString());
    }

    PerParameterOptimizer withDjl =
        PerParameterOptimizer.builder(net).otherwise(Optimizer.adam().build()).build();
    assertFalse(withDjl.canSaveState());
    String m =
        assertThrows(IllegalStateException.class, () -> withDjl.saveState(UnaryOperator.identity()))
            .getMessage();
    assertEquals(
        "ai.djl.training.optimizer.Adam keeps its state private; route to"
            + " dev.fitkit.optimizer.Adam to save and resume this optimizer's state",
        m);
    assertTrue(
        PerParameterOptimizer.builder(net)
            .otherwise(Adam.builder().build())
            .build()
            .canSaveState());
  }
}

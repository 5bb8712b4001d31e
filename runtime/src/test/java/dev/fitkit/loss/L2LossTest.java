package dev.fitkit.loss;

import static dev.fitkit.testing.CollectionBeforeBackward.wrongGradients;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;
import dev.fitkit.Estimator;
import dev.fitkit.testing.LogCapture;
import dev.fitkit.testing.Nets;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class L2LossTest {

  @Test
  void sameValuesAsDjls() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDList labels = new NDList(manager.create(new float[] {1, 2, 3, 4}));
      NDList predictions = new NDList(manager.create(new float[][] {{0}, {2}, {5}, {4.5f}}));
      float expected = Loss.l2Loss().evaluate(labels, predictions).getFloat();
      assertEquals(0.5f * (1 + 0 + 4 + 0.25f) / 4, expected, 1e-6f);
      assertEquals(expected, new L2Loss().evaluate(labels, predictions).getFloat(), 1e-6f);
      assertEquals("L2Loss", new L2Loss().getName());
      NDArray weighted = new L2Loss("squared", 1f).evaluate(labels, predictions);
      assertEquals(2 * expected, weighted.getFloat(), 1e-6f);
    }
  }

  @Test
  void djlsL2LossIsWarnedAboutAndThisOneIsNot() {
    try (LogCapture log = new LogCapture(Estimator.class);
        Estimator djl = Estimator.builder().block(Nets.mlp()).loss(Loss.l2Loss()).build();
        Estimator fitkit = Estimator.builder().block(Nets.mlp()).loss(new L2Loss()).build()) {
      List<String> warnings = log.lines().stream().filter(l -> l.startsWith("WARN")).toList();
      assertEquals(1, warnings.size(), log.lines().toString());
      assertTrue(
          warnings.get(0).contains("Use the drop-in dev.fitkit.loss.L2Loss"), warnings.get(0));
    }
  }

  @Test
  void gradientsSurviveAGarbageCollectionBeforeBackwardUnlikeDjls() throws Exception {
    // x = 3 against label 0, 8 values: d/dx mean(0.5 x²) = x / 8
    UnaryOperator<NDArray> djl =
        x -> Loss.l2Loss().evaluate(new NDList(x.zerosLike()), new NDList(x));
    UnaryOperator<NDArray> fitkit =
        x -> new L2Loss().evaluate(new NDList(x.zerosLike()), new NDList(x));
    assertTrue(wrongGradients(djl, 3f / 8) > 0, "DJL's L2Loss kept its gradients");
    assertEquals(0, wrongGradients(fitkit, 3f / 8));
  }
}

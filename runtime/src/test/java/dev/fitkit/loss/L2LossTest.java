package dev.fitkit.loss;

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
}

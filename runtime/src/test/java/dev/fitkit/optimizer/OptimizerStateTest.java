package dev.fitkit.optimizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class OptimizerStateTest {

  private static void continuesExactly(Supplier<Optimizer> factory) {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray weight = manager.randomNormal(new Shape(3, 4));
      NDArray copy = weight.duplicate();
      Optimizer original = factory.get();
      for (int step = 0; step < 5; step++) {
        original.update("w", weight, manager.randomNormal(new Shape(3, 4)));
      }
      byte[] state = ((StatefulOptimizer) original).saveState(UnaryOperator.identity());
      copy = weight.duplicate();
      Optimizer restored = factory.get();
      ((StatefulOptimizer) restored).loadState(state, manager, UnaryOperator.identity());
      NDArray grad = manager.randomNormal(new Shape(3, 4));
      original.update("w", weight, grad);
      restored.update("w", copy, grad);
      assertArrayEquals(weight.toFloatArray(), copy.toFloatArray());
    }
  }

  @Test
  void adamContinuesExactlyFromItsSavedState() {
    continuesExactly(() -> Adam.builder().build());
  }

  @Test
  void sgdWithMomentumContinuesExactlyFromItsSavedState() {
    continuesExactly(() -> Sgd.builder().momentum(0.9f).build());
  }
}

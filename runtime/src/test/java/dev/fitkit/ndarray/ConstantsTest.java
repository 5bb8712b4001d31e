package dev.fitkit.ndarray;

import static dev.fitkit.testing.CollectionBeforeBackward.ROUNDS;
import static dev.fitkit.testing.CollectionBeforeBackward.wrongGradients;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** Gradients through a constant survive a garbage collection between forward and backward. */
class ConstantsTest {
  @Test
  void djlsNumberOverloadLosesItsConstantInTheseConditions() throws InterruptedException {
    // If this fails, either DJL no longer lends a buffer it frees (Constants is then not needed)
    // or CollectionBeforeBackward no longer provokes the failure (the tests below prove nothing).
    int wrong = wrongGradients(x -> x.div(8), 0.125f);
    assertTrue(wrong > 0, "DJL's div(Number) kept its gradient in all " + ROUNDS + " rounds");
  }

  @Test
  void mul() throws InterruptedException {
    assertEquals(0, wrongGradients(x -> Constants.mul(x, 4), 4f));
  }

  @Test
  void div() throws InterruptedException {
    assertEquals(0, wrongGradients(x -> Constants.div(x, 8), 0.125f));
  }

  @Test
  void pow() throws InterruptedException {
    assertEquals(0, wrongGradients(x -> Constants.pow(x, 2), 6f)); // d(x^2)/dx = 2x
  }

  @Test
  void maximum() throws InterruptedException {
    assertEquals(0, wrongGradients(x -> Constants.maximum(x, 1), 1f));
    assertEquals(0, wrongGradients(x -> Constants.maximum(x, 5), 0f));
  }

  @Test
  void minimum() throws InterruptedException {
    assertEquals(0, wrongGradients(x -> Constants.minimum(x, 5), 1f));
    assertEquals(0, wrongGradients(x -> Constants.minimum(x, 1), 0f));
  }

  @Test
  void scalarLikeKeepsTheDataTypeAndValue() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray ints = manager.create(new int[] {1, 2});
      NDArray seven = Constants.scalarLike(ints, 7);
      assertEquals(ints.getDataType(), seven.getDataType());
      assertEquals(new Shape(), seven.getShape());
      assertEquals(7, seven.getInt());
    }
  }
}

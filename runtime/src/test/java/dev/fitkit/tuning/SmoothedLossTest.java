package dev.fitkit.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** fastai's smoothed loss, worked out by hand. */
class SmoothedLossTest {
  @Test
  void isTheBiasCorrectedMovingAverage() {
    SmoothedLoss loss = new SmoothedLoss(0.98);
    assertEquals(2.0, loss.add(2.0), 1e-12, "the first value is the loss itself");
    // avg = 0.98 * 0.04 + 0.02 * 1 = 0.0592; / (1 - 0.98^2) = 0.0396
    assertEquals(0.0592 / 0.0396, loss.add(1.0), 1e-12);
    assertEquals(0.0592 / 0.0396, loss.best(), 1e-12);
  }

  @Test
  void withoutSmoothingFollowsTheLossAndItsDivergence() {
    SmoothedLoss loss = new SmoothedLoss(0);
    assertEquals(1.0, loss.add(1.0));
    assertEquals(0.5, loss.add(0.5));
    assertEquals(2.0, loss.add(2.0));
    assertEquals(0.5, loss.best());
    assertFalse(loss.exceedsBest(4), "2 is not above 4 x 0.5");
    loss.add(2.5);
    assertTrue(loss.exceedsBest(4));
  }
}

package dev.fitkit.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Lightning's rule: the most negative slope, the ends left out. */
class SteepestDescentTest {
  private static final List<Double> CURVE = List.of(9.0, 1.0, 2.0, 1.9, 1.0, 0.8, 0.7, 5.0);

  @Test
  void findsTheSteepestFallBetweenTheSkippedEnds() {
    // Slopes over points 1..6 (one-sided at 1 and 6): 1, 0.45, -0.5, -0.55, -0.15, -0.1.
    assertEquals(4, SteepestDescent.of(CURVE, 1, 1));
    // Unskipped, the fall from 9 at the start wins.
    assertEquals(0, SteepestDescent.of(CURVE, 0, 0));
  }

  @Test
  void needsTwoPointsOnceTheEndsAreLeftOut() {
    assertEquals(-1, SteepestDescent.of(CURVE, 4, 3));
    assertEquals(4, SteepestDescent.of(CURVE, 4, 2), "two points: one slope, taken at the first");
    assertEquals(-1, SteepestDescent.of(List.of(), 0, 0));
  }
}

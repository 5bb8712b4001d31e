package dev.fitkit.tuning;

import java.util.List;

/**
 * Where a range test's smoothed loss falls fastest: the point of the most negative slope of the
 * loss against the logarithm of the learning rate, as Lightning's {@code suggestion()}, skipping
 * the first points (the average still settles there) and the last (where the loss blows up).
 *
 * <p>The rates grow by a constant factor from batch to batch, so they are evenly spaced on the log
 * scale and the slope there is the step-to-step slope times a constant: the most negative one is
 * found with numpy's {@code gradient} of unit spacing (central differences inside, one-sided at the
 * ends), which no rounding of the rates can divide by zero.
 */
final class SteepestDescent {
  private SteepestDescent() {}

  /**
   * The index in {@code losses} of the steepest descent, or -1 when fewer than two points remain
   * once {@code skipBegin} first and {@code skipEnd} last ones are left out.
   */
  static int of(List<Double> losses, int skipBegin, int skipEnd) {
    int from = skipBegin;
    int to = losses.size() - skipEnd; // exclusive
    if (to - from < 2) {
      return -1;
    }
    int steepest = -1;
    double lowest = Double.POSITIVE_INFINITY;
    for (int i = from; i < to; i++) {
      int before = Math.max(i - 1, from);
      int after = Math.min(i + 1, to - 1);
      double slope = (losses.get(after) - losses.get(before)) / (after - before);
      if (slope < lowest) {
        lowest = slope;
        steepest = i;
      }
    }
    return steepest;
  }
}

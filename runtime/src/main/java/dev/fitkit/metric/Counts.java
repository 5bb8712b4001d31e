package dev.fitkit.metric;

import java.util.Map;

/** The correct and total counts DJL's accuracies keep per accumulator, as numbers and back. */
final class Counts {
  private Counts() {}

  static double[] save(Map<String, Long> total, Map<String, Long> correct, String key) {
    Long all = total.get(key);
    Long right = correct.get(key);
    return all == null || right == null ? new double[0] : new double[] {all, right};
  }

  static void restore(
      Map<String, Long> total, Map<String, Long> correct, String key, double[] state) {
    if (state.length != 2) {
      throw new IllegalArgumentException(
          "An accuracy's saved accumulator holds 2 counts (total, correct), got " + state.length);
    }
    total.put(key, (long) state[0]);
    correct.put(key, (long) state[1]);
  }
}

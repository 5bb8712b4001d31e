package dev.fitkit.handlers.support;

/** Argument checks of the handlers' builders; each message says what is allowed. */
public final class Arguments {
  private Arguments() {}

  public static long atLeastZero(String name, long value, String meaning) {
    if (value < 0) {
      throw new IllegalArgumentException(
          name + " must be 0 or more (" + meaning + "), got " + value);
    }
    return value;
  }

  /**
   * A distance such as minDelta: the monitor's mode gives the direction, so it is never negative.
   */
  public static double distance(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          name
              + " must be a finite number, 0 or more (a distance: the mode gives the direction),"
              + " got "
              + value);
    }
    return value;
  }

  /** An optional threshold: NaN means none, anything else must be finite. */
  public static double optionalFinite(String name, double value) {
    if (Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          name + " must be a finite number (or Double.NaN for none), got " + value);
    }
    return value;
  }
}

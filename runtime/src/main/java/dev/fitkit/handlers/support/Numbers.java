package dev.fitkit.handlers.support;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.Locale;

/** Numbers as stop reasons and logs show them: four significant digits, no trailing zeros. */
public final class Numbers {
  private static final MathContext DIGITS = new MathContext(4);

  private Numbers() {}

  /** {@code 0.41234} as "0.4123", {@code 2.0} as "2", NaN and infinities by name. */
  public static String format(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.toString(value);
    }
    return new BigDecimal(value).round(DIGITS).stripTrailingZeros().toPlainString();
  }

  /** A wall-clock duration: "0.532 s" below a minute, "1h 02m 03s" above. */
  public static String format(Duration duration) {
    if (duration.compareTo(Duration.ofMinutes(1)) < 0) {
      return String.format(Locale.ROOT, "%.3f s", duration.toNanos() / 1e9);
    }
    return String.format(
        Locale.ROOT,
        "%dh %02dm %02ds",
        duration.toHours(),
        duration.toMinutesPart(),
        duration.toSecondsPart());
  }

  /** "1 epoch", "3 epochs". */
  public static String epochs(long count) {
    return count + (count == 1 ? " epoch" : " epochs");
  }
}

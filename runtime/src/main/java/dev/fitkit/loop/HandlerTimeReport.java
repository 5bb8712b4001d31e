package dev.fitkit.loop;

import dev.fitkit.HandlerTime;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;

/**
 * The log block, at the end of a fit, of the handler methods that took a share of it worth seeing.
 */
final class HandlerTimeReport {
  /** Methods below this share of the fit are left out of the block (not of the fit's result). */
  static final double SHOWN_SHARE = 0.01;

  private HandlerTimeReport() {}

  static String text(List<HandlerTime> times, Duration fit) {
    double fitNanos = Math.max(1, fit.toNanos());
    StringBuilder text =
        new StringBuilder("Handler time, of the fit's ")
            .append(fit.toMillis())
            .append(" ms (methods over 1%; all in FitResult.handlerTimes()):");
    int shown = 0;
    for (HandlerTime time : times) {
      double share = time.total().toNanos() / fitNanos;
      if (share >= SHOWN_SHARE) {
        text.append(String.format(Locale.ROOT, "%n  %5.1f%%  %s", 100 * share, time));
        shown++;
      }
    }
    if (shown == 0) {
      text.append(" none").append(times.isEmpty() ? "" : "; the longest: " + times.get(0));
    }
    return text.toString();
  }

  static void log(Logger log, List<HandlerTime> times, Duration fit) {
    if (log.isInfoEnabled()) {
      log.info(text(times, fit));
    }
  }
}

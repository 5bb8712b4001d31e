package dev.fitkit.handlers;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.annotations.OnTrainBegin;
import dev.fitkit.event.BatchEnd;
import dev.fitkit.event.TrainBegin;
import dev.fitkit.handlers.support.Numbers;
import dev.fitkit.options.HandlerOptions;
import dev.fitkit.options.OptionSource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;

/**
 * Stops training at the first batch end once a wall-clock limit since train begin is reached: the
 * batch in flight finishes, then the epoch ends as usual (validation included).
 *
 * <p>Through Guice: the constant {@code fitkit.time-limit.limit}, ISO-8601 text such as {@code
 * "PT30M"} (or a bound {@link Duration}).
 */
@FitHandler(id = TimeLimitHandler.ID, autoLoad = false)
public final class TimeLimitHandler {
  static final String ID = "fitkit.time-limit";
  private static final Set<String> OPTIONS = Set.of("limit");

  private final Duration limit;
  private Duration start = Duration.ZERO;

  public TimeLimitHandler(Duration limit) {
    if (limit == null || limit.isNegative() || limit.isZero()) {
      throw new IllegalArgumentException(
          "The time limit must be a positive duration, e.g. Duration.ofMinutes(30); got " + limit);
    }
    this.limit = limit;
  }

  /** Reads {@code fitkit.time-limit.limit}, which is required. */
  @Inject
  TimeLimitHandler(OptionSource options) {
    this(limit(options.read(ID, OPTIONS)));
  }

  private static Duration limit(HandlerOptions s) {
    return s.duration("limit")
        .orElseThrow(
            () ->
                s.missing(
                    "limit",
                    "binder.bindConstant().annotatedWith(Names.named(\"fitkit.time-limit.limit\")).to(\"PT30M\")"));
  }

  @OnTrainBegin
  void start(TrainBegin event) {
    start = event.elapsed();
  }

  @OnBatchEnd
  void check(BatchEnd event) {
    Duration spent = event.elapsed().minus(start);
    if (spent.compareTo(limit) >= 0) {
      event.requestStop(
          "reached the time limit of " + Numbers.format(limit) + " after " + Numbers.format(spent));
    }
  }
}

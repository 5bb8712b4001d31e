package dev.fitkit;

import java.time.Duration;

/**
 * The time one handler method took over a fit, at one event. An event a handler publishes from
 * inside its method (the gradient step's {@code BeforeUpdate}) counts in that method's time too.
 *
 * @param handlerId the handler's id
 * @param method the method's name
 * @param event the event, e.g. {@code "batch end"}
 * @param calls how many times it ran
 * @param total the time of all its calls
 */
public record HandlerTime(
    String handlerId, String method, String event, long calls, Duration total) {

  /** The mean time of one call. */
  public Duration perCall() {
    return calls == 0 ? Duration.ZERO : total.dividedBy(calls);
  }

  @Override
  public String toString() {
    long perCallMicros = perCall().toNanos() / 1000;
    String perCallText =
        perCallMicros >= 10_000
            ? perCallMicros / 1000 + " ms a call"
            : perCallMicros + " µs a call";
    return handlerId
        + "#"
        + method
        + " at "
        + event
        + ": "
        + total.toMillis()
        + " ms, "
        + calls
        + " calls, "
        + perCallText;
  }
}

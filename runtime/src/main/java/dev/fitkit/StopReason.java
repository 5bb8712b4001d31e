package dev.fitkit;

/**
 * One request to stop training.
 *
 * @param source the id of the handler that asked
 * @param epoch the epoch (0-based) during which it asked
 * @param batch the batch index within that epoch, or -1 when asked outside a batch
 * @param reason why, in the handler's words
 */
public record StopReason(String source, int epoch, long batch, String reason) {
  @Override
  public String toString() {
    return source + " at epoch " + epoch + (batch >= 0 ? ", batch " + batch : "") + ": " + reason;
  }
}

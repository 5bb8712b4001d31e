package dev.fitkit;

/**
 * A handler method threw; the message names the handler, the method, the event and the position.
 */
public class HandlerFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String handlerId;

  public HandlerFailedException(String handlerId, String message, Throwable cause) {
    super(message, cause);
    this.handlerId = handlerId;
  }

  /** The id of the handler that failed. */
  public String handlerId() {
    return handlerId;
  }
}

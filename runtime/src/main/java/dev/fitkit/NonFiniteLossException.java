package dev.fitkit;

/**
 * A training batch gave a NaN or infinite loss, and the optimizer step did not apply it: thrown by
 * {@code TerminateOnNaN} in its FAIL mode, which the built-in instance every fit runs uses. A
 * checkpoint saved on this failure counts the batch as not trained.
 */
public final class NonFiniteLossException extends HandlerFailedException {
  private static final long serialVersionUID = 1L;

  public NonFiniteLossException(String handlerId, String message) {
    super(handlerId, message, null);
  }
}

package dev.fitkit.handlers;

import dev.fitkit.HandlerFailedException;

/** A training batch gave a NaN or infinite loss; thrown by {@link TerminateOnNaN} in FAIL mode. */
public final class NonFiniteLossException extends HandlerFailedException {
  private static final long serialVersionUID = 1L;

  NonFiniteLossException(String handlerId, String message) {
    super(handlerId, message, null);
  }
}

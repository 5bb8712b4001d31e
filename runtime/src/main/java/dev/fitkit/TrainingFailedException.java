package dev.fitkit;

/** The network, the loss or the data failed during training; the message says where. */
public class TrainingFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrainingFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}

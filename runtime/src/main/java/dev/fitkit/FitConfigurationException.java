package dev.fitkit;

/**
 * The estimator, its data or its handlers are set up in a way training cannot work with. The
 * message says what is wrong and how to fix it.
 */
public class FitConfigurationException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public FitConfigurationException(String message) {
    super(message);
  }

  public FitConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}

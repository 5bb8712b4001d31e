package dev.fitkit.wiring;

import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;

/** How a handler came to run in a fit, and where its class was loaded from. */
enum HandlerOrigin {
  /** One of the loop's own steps, run in every fit unless replaced. */
  BUILT_IN("built-in"),
  /** An instance or a class passed to the estimator's builder. */
  EXPLICIT("explicit"),
  /** Registered in a jar on the class path and auto-loaded. */
  DISCOVERED("discovered");

  private final String label;

  HandlerOrigin(String label) {
    this.label = label;
  }

  @Override
  public String toString() {
    return label;
  }

  /** The jar or folder {@code type} was loaded from; "unknown" when the class loader hides it. */
  static String locationOf(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    URL location = source == null ? null : source.getLocation();
    if (location == null) {
      return "unknown";
    }
    try {
      return Path.of(location.toURI()).toString();
    } catch (IllegalArgumentException | java.net.URISyntaxException e) {
      return location.toString();
    }
  }
}

package dev.fitkit.benchmarks;

import java.util.Locale;

/** One way to train the same network on the same data, timed in its own JVM. */
enum Contender {
  /** {@code Estimator.fit} with every default: fitkit's Adam, the six built-in handlers. */
  FIT("fit, defaults"),
  /** {@code Estimator.fit} with DJL's own Adam. */
  FIT_DJL_ADAM("fit, DJL's Adam"),
  /** {@code Estimator.fit} with 100 no-op handlers discovered from a jar on the class path. */
  FIT_100_HANDLERS("fit + 100 discovered no-op handlers"),
  /** The loop a DJL user writes by hand: forward, loss, backward, step, loss and accuracy read. */
  HAND_WRITTEN("hand-written DJL loop"),
  /** DJL's {@code EasyTrain.fit} with its basic listeners (metrics, divergence check). */
  EASY_TRAIN("DJL EasyTrain.fit"),
  /** The same loop in Python with PyTorch (Debian's python3-torch). */
  PYTHON("PyTorch in Python");

  final String label;

  Contender(String label) {
    this.label = label;
  }

  String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static Contender of(String id) {
    for (Contender c : values()) {
      if (c.id().equals(id)) {
        return c;
      }
    }
    throw new IllegalArgumentException("No contender " + id);
  }
}

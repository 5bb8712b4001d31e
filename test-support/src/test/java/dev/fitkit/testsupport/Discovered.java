package dev.fitkit.testsupport;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnTrainEnd;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Auto-loaded: runs in fits that discover handlers, with the word {@link TestPackModule} binds.
 * Registered by the processor, as a pack's handler is.
 */
@FitHandler(id = "test.discovered")
public final class Discovered {
  static final java.util.List<String> SEEN =
      java.util.Collections.synchronizedList(new java.util.ArrayList<>());
  private final String word;

  @Inject
  Discovered(@Named("test.pack.word") String word) {
    this.word = word;
  }

  @OnTrainEnd
  void trainEnd() {
    SEEN.add(word);
  }
}

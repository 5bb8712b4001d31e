package dev.fitkit.testsupport;

import dev.fitkit.Outcome;
import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnTrainBegin;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.nio.file.Path;
import java.time.Duration;

/** Injects one option of every kind the harness binds. */
@FitHandler(id = "test.typed", autoLoad = false)
public final class TypedOptions {
  private final String all;
  private final Sink sink;

  @Inject
  @SuppressWarnings("rawtypes") // Guice binds class constants as the raw Class
  TypedOptions(
      Sink sink,
      @Named("t.text") String text,
      @Named("t.int") int i,
      @Named("t.long") long l,
      @Named("t.double") double d,
      @Named("t.float") float f,
      @Named("t.flag") boolean b,
      @Named("t.enum") Outcome e,
      @Named("t.class") Class c,
      @Named("t.path") Path p,
      @Named("t.duration") Duration t,
      @Named("t.object") FitHarnessTest.Tag tag) {
    this.sink = sink;
    this.all =
        String.join(" ", text, "" + i, "" + l, "" + d, "" + f, "" + b, "" + e)
            + " "
            + c.getSimpleName()
            + " "
            + p
            + " "
            + t
            + " "
            + tag;
  }

  @OnTrainBegin
  void trainBegin() {
    sink.add(all);
  }
}

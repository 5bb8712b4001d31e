package dev.fitkit.testsupport;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnTrainEnd;
import dev.fitkit.options.HandlerOptions;
import dev.fitkit.options.OptionSource;
import jakarta.inject.Inject;

/** Reads its options the way pack handlers do, through {@link OptionSource}. */
@FitHandler(id = "test.option-reader", autoLoad = false)
public final class OptionReader {
  private final Sink sink;
  private final String word;
  private final int times;

  @Inject
  OptionReader(OptionSource source, Sink sink) {
    HandlerOptions options = source.read("test.option-reader", "word", "times");
    this.sink = sink;
    this.word = options.string("word", "default");
    this.times = options.integer("times", 1);
  }

  @OnTrainEnd
  void trainEnd() {
    sink.add(word.repeat(times));
  }
}

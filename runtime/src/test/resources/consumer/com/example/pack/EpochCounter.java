package com.example.pack;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.event.EpochEnd;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/** Auto-loaded: runs wherever this pack's jar is on the class path. */
@FitHandler(id = "pack.epoch-counter")
public final class EpochCounter {
  private final List<String> sink;
  private final String word;

  @Inject
  EpochCounter(@Named("pack.sink") List<String> sink, @Named("pack.word") String word) {
    this.sink = sink;
    this.word = word;
  }

  @OnEpochEnd
  void count(EpochEnd event) {
    sink.add(word + " " + event.epoch());
  }
}

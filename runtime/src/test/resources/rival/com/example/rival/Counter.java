package com.example.rival;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnEpochEnd;

/** Another pack's handler that took the same id as the consumer pack's epoch counter. */
@FitHandler(id = "pack.epoch-counter")
public final class Counter {
  @OnEpochEnd
  void count() {}
}

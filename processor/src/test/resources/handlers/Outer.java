package com.example;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.annotations.OnTrainEnd;
import dev.fitkit.event.EpochEnd;

public class Outer {
  /** A nested handler: its binding is top-level, named after both classes. */
  @FitHandler(id = "")
  public static class Inner {
    @OnEpochEnd
    void log(EpochEnd event) {}
  }

  interface Holder {
    /** Implicitly static, as every class nested in an interface. */
    class Nested {
      @OnTrainEnd
      void done() {}
    }
  }
}

package com.example;

import dev.fitkit.annotations.OnEpochEnd;

class EnclosedInPrivate {
  private static class Wrapper {
    static class Deep {
      @OnEpochEnd
      void epochEnd() {}
    }
  }
}

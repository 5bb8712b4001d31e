package com.example;

import dev.fitkit.annotations.OnEpochEnd;

class PrivateClass {
  private static class Hidden {
    @OnEpochEnd
    void epochEnd() {}
  }
}

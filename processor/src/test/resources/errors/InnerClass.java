package com.example;

import dev.fitkit.annotations.OnEpochEnd;

class InnerClass {
  class Inner {
    @OnEpochEnd
    void epochEnd() {}
  }
}

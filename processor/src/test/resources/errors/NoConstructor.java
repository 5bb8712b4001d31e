package com.example;

import dev.fitkit.annotations.OnEpochEnd;

class NoConstructor {
  private NoConstructor() {}

  NoConstructor(int size) {}

  @OnEpochEnd
  void epochEnd() {}
}

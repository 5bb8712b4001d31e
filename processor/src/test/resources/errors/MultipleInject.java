package com.example;

import dev.fitkit.annotations.OnEpochEnd;

class MultipleInject {
  @jakarta.inject.Inject
  MultipleInject() {}

  @com.google.inject.Inject
  MultipleInject(String name) {}

  @OnEpochEnd
  void epochEnd() {}
}

package com.example;

import dev.fitkit.annotations.OnEpochEnd;
import jakarta.inject.Inject;

class PrivateInject {
  @Inject
  private PrivateInject(String name) {}

  @OnEpochEnd
  void epochEnd() {}
}

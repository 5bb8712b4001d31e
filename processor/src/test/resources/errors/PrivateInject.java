package com.example;

import dev.fitkit.annotations.OnEpochEnd;
import javax.inject.Inject;

class PrivateInject {
  @Inject
  private PrivateInject(String name) {}

  @OnEpochEnd
  void epochEnd() {}
}

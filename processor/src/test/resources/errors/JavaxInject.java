package com.example;

import dev.fitkit.annotations.OnEpochEnd;
import javax.inject.Inject;

class JavaxInject {
  @Inject
  JavaxInject(String name) {}

  @OnEpochEnd
  void epochEnd() {}
}

package com.example;

import dev.fitkit.annotations.OnEpochEnd;

abstract class AbstractClass {
  @OnEpochEnd
  void epochEnd() {}
}

package com.example;

import dev.fitkit.annotations.OnEpochEnd;

class GenericClass<T> {
  @OnEpochEnd
  void epochEnd() {}
}

package com.example;

import dev.fitkit.annotations.OnEpochEnd;

class GenericMethod {
  @OnEpochEnd
  <T> void generic() {}
}

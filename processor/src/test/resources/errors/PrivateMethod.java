package com.example;

import dev.fitkit.annotations.OnEpochEnd;

class PrivateMethod {
  @OnEpochEnd
  private void hidden() {}
}

package com.example;

import dev.fitkit.annotations.OnEpochEnd;

class StaticMethod {
  @OnEpochEnd
  static void shared() {}
}

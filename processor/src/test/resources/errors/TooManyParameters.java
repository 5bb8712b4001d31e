package com.example;

import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.event.EpochEnd;

class TooManyParameters {
  @OnEpochEnd
  void two(EpochEnd event, int extra) {}
}

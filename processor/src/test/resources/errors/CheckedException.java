package com.example;

import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.annotations.OnTrainEnd;
import java.io.IOException;

class CheckedException {
  @OnEpochEnd
  void save() throws IOException {}

  @OnTrainEnd
  void unchecked() throws IllegalStateException, AssertionError {}
}

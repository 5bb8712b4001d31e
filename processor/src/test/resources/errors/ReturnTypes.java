package com.example;

import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.annotations.OnTrainBegin;
import dev.fitkit.annotations.OnTrainEnd;
import dev.fitkit.annotations.OnValidationEnd;

class ReturnTypes {
  @OnTrainBegin
  boolean stopBeforeStart() {
    return true;
  }

  @OnTrainEnd
  Boolean boxedWhereNotAllowed() {
    return true;
  }

  @OnEpochEnd
  Boolean boxed() {
    return true;
  }

  @OnBatchEnd
  int count() {
    return 0;
  }

  @OnValidationEnd
  String summary() {
    return "";
  }
}

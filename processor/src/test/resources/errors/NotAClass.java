package com.example;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnEpochEnd;

class NotAClass {
  interface AnInterface {
    @OnEpochEnd
    default void inInterface() {}
  }

  enum AnEnum {
    ONLY;

    @OnEpochEnd
    void inEnum() {}
  }

  @FitHandler
  @interface AnAnnotation {}
}

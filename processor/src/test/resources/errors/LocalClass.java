package com.example;

import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.annotations.OnTrainBegin;

class LocalClass {
  @interface OnBatchBegin {}

  @OnTrainBegin
  void valid() {}

  void method() {
    class Local {
      @OnEpochEnd
      void local() {}
    }
    Object anonymous =
        new Object() {
          @OnEpochEnd
          void anonymous() {}
        };
    class NotAHandler {
      @OnBatchBegin
      void sameNameOtherAnnotation() {}
    }
    // Generated only after the first round, when looking for local classes has attributed this.
    Object binding = new LocalClass_HandlerBinding();
  }

  Runnable field =
      () -> {
        class InLambda {
          static class NestedInLocal {
            @dev.fitkit.annotations.OnEpochEnd
            void nested() {}
          }
        }
      };
}

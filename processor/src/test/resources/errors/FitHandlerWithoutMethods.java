package com.example;

import dev.fitkit.annotations.FitHandler;

@FitHandler
class FitHandlerWithoutMethods {
  void notAnnotated() {}
}

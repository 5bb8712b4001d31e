package com.example;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnEpochEnd;

@FitHandler(id = "early stop")
class IdWithWhitespace {
  @OnEpochEnd
  void epochEnd() {}
}

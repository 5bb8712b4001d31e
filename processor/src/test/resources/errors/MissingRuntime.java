package com.example;

import dev.fitkit.annotations.OnEpochEnd;

/** Compiled without the runtime stubs, as in a project that forgot the runtime dependency. */
class MissingRuntime {
  @OnEpochEnd
  void noRuntime() {}
}

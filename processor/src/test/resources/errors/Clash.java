package com.example;

import dev.fitkit.annotations.OnEpochEnd;

/** Clash.Inner and Clash_Inner would both get the binding Clash_Inner_HandlerBinding. */
class Clash {
  static class Inner {
    @OnEpochEnd
    void epochEnd() {}
  }
}

class Clash_Inner {
  @OnEpochEnd
  void epochEnd() {}
}

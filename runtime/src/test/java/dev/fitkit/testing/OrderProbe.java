package dev.fitkit.testing;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchEnd;

/** Handlers whose only purpose is to be ordered. */
public final class OrderProbe {
  private OrderProbe() {}

  @FitHandler(id = "test.order.zeta", autoLoad = false)
  public static final class Zeta {
    @OnBatchEnd
    void first() {}
  }

  @FitHandler(id = "test.order.alpha", autoLoad = false)
  public static final class Alpha {
    @OnBatchEnd
    void b() {}

    @OnBatchEnd
    void a() {}

    @OnBatchEnd(priority = -5)
    void early() {}
  }
}

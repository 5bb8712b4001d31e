package dev.fitkit.testing;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.spi.StatefulHandler;

/** A stateful handler whose id clashes with another's when two are built. */
@FitHandler(id = "test.count", autoLoad = false)
public final class KeepsCount implements StatefulHandler<Long> {
  private long count;

  @OnBatchEnd
  void count() {
    count++;
  }

  @Override
  public Class<Long> stateType() {
    return Long.class;
  }

  @Override
  public Long saveState() {
    return count;
  }

  @Override
  public void restoreState(Long state) {
    count = state;
  }

  /** Another class under the same id. */
  @FitHandler(id = "test.count", autoLoad = false)
  public static final class Twin implements StatefulHandler<Long> {
    @OnBatchEnd
    void count() {}

    @Override
    public Class<Long> stateType() {
      return Long.class;
    }

    @Override
    public Long saveState() {
      return 0L;
    }

    @Override
    public void restoreState(Long state) {}
  }
}

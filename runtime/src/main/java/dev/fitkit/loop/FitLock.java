package dev.fitkit.loop;

import dev.fitkit.FitConfigurationException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One fit (or evaluate) at a time per JVM. DJL's PyTorch engine records gradients for one training
 * at a time per process ("A PtGradientCollector is already collecting") and keeps one random
 * generator, which each seeded fit resets: two fits at once fail at random or change each other's
 * results. The second is refused rather than queued, so it never waits unseen. The same thread may
 * re-enter: a handler can evaluate during its fit.
 */
final class FitLock {
  private static final ReentrantLock LOCK = new ReentrantLock();
  private static volatile String holder = "";

  private FitLock() {}

  /** Releases the lock. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }

  static Held acquire(String what) {
    if (!LOCK.tryLock()) {
      throw new FitConfigurationException(
          "Cannot "
              + what
              + " while another fit runs in this JVM ("
              + holder
              + "): DJL's PyTorch engine trains one network at a time per process and has one"
              + " random generator, so two fits at once fail at random or change each other's"
              + " results. Run them one after another, or in separate JVMs.");
    }
    if (LOCK.getHoldCount() == 1) {
      holder = what + " on thread " + Thread.currentThread().getName();
    }
    return LOCK::unlock;
  }
}

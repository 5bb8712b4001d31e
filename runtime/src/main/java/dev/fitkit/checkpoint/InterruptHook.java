package dev.fitkit.checkpoint;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Saves a checkpoint when the JVM is asked to exit (Ctrl-C, SIGTERM). The hook cannot save itself:
 * the training thread is still changing the parameters. It asks for a save and waits until the
 * training thread made one, at its next batch (training or validation), or until a time limit.
 */
public final class InterruptHook {
  private final CountDownLatch saved = new CountDownLatch(1);
  private final Duration wait;
  private final Thread thread = new Thread(this::onShutdown, "fitkit-checkpoint-on-exit");
  private volatile boolean requested;

  private InterruptHook(Duration wait) {
    this.wait = wait;
  }

  /** Registers a hook that waits at most {@code wait} for the save. */
  public static InterruptHook install(Duration wait) {
    InterruptHook hook = new InterruptHook(wait);
    Runtime.getRuntime().addShutdownHook(hook.thread);
    return hook;
  }

  /** Whether the JVM is exiting and wants a checkpoint. */
  public boolean requested() {
    return requested;
  }

  /** The training thread saved, or will not: the JVM may exit. */
  public void saved() {
    saved.countDown();
  }

  /** Training ended: no save on exit needed any more. */
  public void remove() {
    saved.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(thread);
    } catch (IllegalStateException alreadyExiting) {
      // The hook runs or ran; the latch lets it return at once.
    }
  }

  private void onShutdown() {
    requested = true;
    if (saved.getCount() == 0) {
      return;
    }
    System.err.println("fitkit: exit requested, saving a checkpoint at the end of this batch...");
    try {
      if (!saved.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        System.err.println(
            "fitkit: no checkpoint saved within " + wait.toSeconds() + " s; exiting without one");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.fitkit.checkpoint;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Saves a checkpoint when the JVM is asked to exit (Ctrl-C, SIGTERM). The hook cannot save itself:
 * the training thread is still changing the parameters. It asks for a save and waits until the
 * training thread made one at its next batch end, or until a time limit.
 */
public final class InterruptHook {
  private final CountDownLatch saved = new CountDownLatch(1);
  private final long waitSeconds;
  private final Thread thread = new Thread(this::onShutdown, "fitkit-checkpoint-on-exit");
  private volatile boolean requested;

  private InterruptHook(long waitSeconds) {
    this.waitSeconds = waitSeconds;
  }

  /** Registers a hook that waits at most {@code waitSeconds} for the save. */
  public static InterruptHook install(long waitSeconds) {
    InterruptHook hook = new InterruptHook(waitSeconds);
    Runtime.getRuntime().addShutdownHook(hook.thread);
    return hook;
  }

  /** Whether the JVM is exiting and wants a checkpoint. */
  public boolean requested() {
    return requested;
  }

  /** The training thread saved: the JVM may exit. */
  public void saved() {
    saved.countDown();
  }

  /** Training ended normally: no save on exit needed any more. */
  public void remove() {
    try {
      Runtime.getRuntime().removeShutdownHook(thread);
    } catch (IllegalStateException alreadyExiting) {
      saved.countDown();
    }
  }

  private void onShutdown() {
    requested = true;
    System.err.println(
        "fitkit: exit requested, saving a checkpoint at the end of the current batch...");
    try {
      if (!saved.await(waitSeconds, TimeUnit.SECONDS)) {
        System.err.println(
            "fitkit: no checkpoint saved within " + waitSeconds + " s; exiting without one");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

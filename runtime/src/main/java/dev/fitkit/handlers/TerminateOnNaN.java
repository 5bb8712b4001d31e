package dev.fitkit.handlers;

import com.google.inject.Injector;
import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.annotations.Priority;
import dev.fitkit.event.BatchEnd;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * Ends training when a batch's loss is NaN or infinite (Keras' {@code TerminateOnNaN}): either it
 * asks to stop ({@link Action#STOP}, the default; the fit ends as stopped), or it fails the fit
 * with a {@link NonFiniteLossException} ({@link Action#FAIL}). Both name the epoch, the batch and
 * the global step.
 *
 * <p>It checks before the optimizer step, so in FAIL mode the bad batch never reaches the weights;
 * a stop lets the loop finish the batch, step included.
 *
 * <p>Through Guice: the constant {@code fitkit.terminate-on-nan.action}, "stop" or "fail".
 */
@FitHandler(id = TerminateOnNaN.ID, autoLoad = false)
public final class TerminateOnNaN {
  static final String ID = "fitkit.terminate-on-nan";
  private static final Set<String> OPTIONS = Set.of("action");

  /** What to do about a non-finite loss. */
  public enum Action {
    /** Request a stop: the fit returns, its outcome STOPPED. */
    STOP,
    /** Throw {@link NonFiniteLossException} out of {@code fit}. */
    FAIL
  }

  private final Action action;

  /** Stops training on a NaN or infinite loss. */
  public TerminateOnNaN() {
    this(Action.STOP);
  }

  public TerminateOnNaN(Action action) {
    if (action == null) {
      throw new IllegalArgumentException(
          "TerminateOnNaN needs an action: Action.STOP or Action.FAIL");
    }
    this.action = action;
  }

  /** Reads {@code fitkit.terminate-on-nan.action}: "stop" (the default) or "fail". */
  @Inject
  TerminateOnNaN(Injector injector) {
    this(Settings.read(injector, ID, OPTIONS).choice("action", Action.class, Action.STOP));
  }

  @OnBatchEnd(priority = Priority.GRADIENT_UPDATE - 100)
  void check(BatchEnd event) {
    double loss = event.meanLoss();
    if (Double.isFinite(loss)) {
      return;
    }
    String where =
        "epoch " + event.epoch() + ", batch " + event.batchIndex() + ", step " + event.globalStep();
    if (action == Action.FAIL) {
      throw new NonFiniteLossException(
          ID,
          "The training loss is "
              + loss
              + " at "
              + where
              + ": lower the learning rate, clip the"
              + " gradients, or look for NaN or infinite values in the data");
    }
    event.requestStop("the training loss is " + loss + " at " + where);
  }
}

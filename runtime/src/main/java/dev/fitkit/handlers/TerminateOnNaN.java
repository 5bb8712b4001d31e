package dev.fitkit.handlers;

import dev.fitkit.NonFiniteLossException;
import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.annotations.OnTrainBegin;
import dev.fitkit.annotations.Priority;
import dev.fitkit.event.BatchEnd;
import dev.fitkit.options.OptionSource;
import jakarta.inject.Inject;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a training batch whose loss is NaN or infinite (Keras' {@code TerminateOnNaN}), before
 * the optimizer step, so no NaN reaches the weights or a checkpoint. One runs in every fit, failing
 * it ({@link Action#FAIL}); pass an instance to choose otherwise:
 *
 * <ul>
 *   <li>{@link Action#FAIL}, the built-in: the fit fails with a {@link NonFiniteLossException}
 *       naming the epoch, batch and step; the batch does not count as trained, so a resume trains
 *       it again;
 *   <li>{@link Action#STOP}, {@code new TerminateOnNaN()}: the step skips the batch and the fit
 *       ends as stopped;
 *   <li>{@link Action#CONTINUE}: the step applies the batch as any other, with a warning (the opt
 *       out, for losses that may be infinite on purpose).
 * </ul>
 *
 * <p>Through options (see {@link OptionSource}): {@code fitkit.terminate-on-nan.action}, "fail"
 * (the default), "stop" or "continue"; e.g. {@code -Dfitkit.terminate-on-nan.action=continue} opts
 * the built-in out.
 */
@FitHandler(id = TerminateOnNaN.ID, autoLoad = false)
public final class TerminateOnNaN {
  static final String ID = "fitkit.terminate-on-nan";
  private static final Set<String> OPTIONS = Set.of("action");
  private static final Logger LOG = LoggerFactory.getLogger(TerminateOnNaN.class);

  /** What to do about a non-finite loss. */
  public enum Action {
    /** Skip the batch's step and request a stop: the fit returns, its outcome STOPPED. */
    STOP,
    /** Throw {@link NonFiniteLossException} out of {@code fit}, before the step. */
    FAIL,
    /** Step as usual and log a warning: the weights may turn NaN. */
    CONTINUE
  }

  private final Action action;
  private boolean warned;

  /** Stops training on a NaN or infinite loss. */
  public TerminateOnNaN() {
    this(Action.STOP);
  }

  public TerminateOnNaN(Action action) {
    if (action == null) {
      throw new IllegalArgumentException(
          "TerminateOnNaN needs an action: Action.STOP, Action.FAIL or Action.CONTINUE");
    }
    this.action = action;
  }

  /**
   * For Guice and the built-in default: {@code fitkit.terminate-on-nan.action}, "fail" (the
   * default), "stop" or "continue".
   */
  @Inject
  TerminateOnNaN(OptionSource options) {
    this(options.read(ID, OPTIONS).choice("action", Action.class, Action.FAIL));
  }

  @OnTrainBegin
  void start() {
    warned = false;
  }

  @OnBatchEnd(priority = Priority.GRADIENT_UPDATE - 100)
  void check(BatchEnd event) {
    double loss = event.meanLoss();
    if (Double.isFinite(loss)) {
      return;
    }
    String where =
        "epoch " + event.epoch() + ", batch " + event.batchIndex() + ", step " + event.globalStep();
    switch (action) {
      case FAIL ->
          throw new NonFiniteLossException(
              ID,
              "The training loss is "
                  + loss
                  + " at "
                  + where
                  + ": lower the learning rate, clip the gradients, or look for NaN or infinite"
                  + " values in the data. To train on regardless, pass new"
                  + " TerminateOnNaN(Action.CONTINUE) to the estimator's handlers.");
      case STOP -> {
        event.skipUpdate("the loss is " + loss);
        event.requestStop("the training loss is " + loss + " at " + where);
      }
      case CONTINUE -> {
        if (!warned) {
          warned = true;
          LOG.warn(
              "The training loss is {} at {}; training goes on (Action.CONTINUE)", loss, where);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "TerminateOnNaN(" + action + ")";
  }
}

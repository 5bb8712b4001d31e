package dev.fitkit.event;

import ai.djl.training.Trainer;
import dev.fitkit.History;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;

/** What every event offers: the running fit's state. Valid only during the handler call. */
public abstract class FitEvent {
  private final FitContext context;

  protected FitEvent(FitContext context) {
    this.context = context;
  }

  /** The whole state of the fit, for handlers that need more than this event's shortcuts. */
  public FitContext context() {
    return context;
  }

  public Trainer trainer() {
    return context.trainer();
  }

  public int epoch() {
    return context.epoch();
  }

  /** The current training batch's 0-based index over the run; see {@link FitContext#globalStep}. */
  public long globalStep() {
    return context.globalStep();
  }

  /** Training batches trained over the run; see {@link FitContext#stepsCompleted}. */
  public long stepsCompleted() {
    return context.stepsCompleted();
  }

  public double learningRate() {
    return context.learningRate();
  }

  public Duration elapsed() {
    return context.elapsed();
  }

  public History history() {
    return context.history();
  }

  /** Current metric values by name. */
  public Map<String, Double> metrics() {
    return context.metrics();
  }

  /**
   * The current value of a metric.
   *
   * @throws IllegalArgumentException naming the metrics that exist, when {@code name} is not one
   */
  public double metric(String name) {
    Double value = context.metrics().get(name);
    if (value == null) {
      throw new IllegalArgumentException(
          "No metric named '"
              + name
              + "' at "
              + this
              + "; metrics now: "
              + new TreeSet<>(context.metrics().keySet())
              + ". Validation metrics exist only after a validation pass; check the name's"
              + " spelling.");
    }
    return value;
  }

  /** Asks training to stop; the reason appears in the fit result. */
  public void requestStop(String reason) {
    context.requestStop(reason);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(epoch " + epoch() + ", step " + globalStep() + ")";
  }
}

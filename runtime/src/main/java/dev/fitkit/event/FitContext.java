package dev.fitkit.event;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.training.Trainer;
import dev.fitkit.Budget;
import dev.fitkit.History;
import dev.fitkit.LearningRate;
import dev.fitkit.checkpoint.Checkpoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The state of a running {@code fit} or {@code evaluate}, as events show it to handlers. */
public interface FitContext {
  /** The DJL trainer: parameters, optimizer, loss, evaluators. */
  Trainer trainer();

  /** The model being trained. */
  default Model model() {
    return trainer().getModel();
  }

  /**
   * The network's weights as bytes (a graph's variables, with its optimizer slots), for {@link
   * #putBackWeights}: what "restore the best weights" keeps.
   */
  byte[] weights();

  /**
   * Puts back weights from {@link #weights()} of this network.
   *
   * @throws IllegalArgumentException when they do not fit the network; nothing changed
   */
  void putBackWeights(byte[] weights);

  /** The devices each batch is split across. */
  List<Device> devices();

  /** Current metric values by name, e.g. {@code "train loss"}, {@code "validation accuracy"}. */
  Map<String, Double> metrics();

  /** Publishes a metric value under {@code name}; metric handlers call this. */
  void putMetric(String name, double value);

  /**
   * Says a handler will publish metric {@code name} with {@link #putMetric}, so handlers that
   * monitor it (early stopping, a best checkpoint) accept it at train begin, before it has a value.
   * Call it at train begin, at a priority below theirs.
   */
  void declareMetric(String name);

  /** The metrics handlers declared they will publish, in this fit. */
  Set<String> declaredMetrics();

  /** Epochs recorded so far. */
  History history();

  /**
   * The learning rate now, NaN when the optimizer does not report it (see {@code LearningRate}).
   */
  double learningRate();

  /**
   * The learning rate handlers may change (schedules, plateaus); empty when the optimizer was built
   * without a {@code LearningRate} given to the estimator.
   */
  Optional<LearningRate> learningRateControl();

  /** The current epoch, 0-based. */
  int epoch();

  /**
   * The current batch within the epoch (or within the validation pass, during one), 0-based; -1
   * outside a batch.
   */
  long batch();

  /**
   * Training batches completed before the current one, over the whole fit: the current batch's
   * 0-based index over the run while it runs.
   */
  long globalStep();

  /**
   * Training batches trained over the whole run, resumed ones included; a batch counts from its
   * batch end on.
   */
  long stepsCompleted();

  /** Training batches of the current epoch trained so far; a batch counts from its batch end on. */
  long batchesInEpoch();

  /** Epochs whose end ran, before the current one. */
  int epochsEnded();

  /** Whether a validation pass completed during the current epoch. */
  boolean validated();

  /** Whether this run continues one saved in a checkpoint ({@code Estimator.resume}). */
  boolean resumed();

  /** The fit's budget; null during {@code evaluate}. */
  Budget budget();

  /** Time since {@code fit} (or {@code evaluate}) began. */
  Duration elapsed();

  /** Asks training to stop after the current batch; the reason is reported in the fit result. */
  void requestStop(String reason);

  /**
   * Fires {@code event} to the handler methods annotated for its class, now, in their order: how a
   * handler fires an event a pack declared with {@code @HandlerEvent} (or the built-in {@link
   * BeforeUpdate} and {@link CheckpointSaved}). A listener that throws fails the fit.
   */
  void publish(FitEvent event);

  /** Whether any handler asked to stop. */
  boolean stopRequested();

  /** Whether the fit has validation data. */
  boolean hasValidationData();

  /**
   * Everything needed to continue this run later as if it never stopped: parameters, optimizer
   * state, position, metrics, history, learning-rate factor, seed and the state of every stateful
   * handler. Taken at a batch end, it resumes after that batch; at the end of an epoch whose
   * batches all ran, at the next epoch (take it after the history handler, as the checkpoint
   * handler does). Once a stop or the budget cut an epoch short, every snapshot is the state after
   * its last batch, so nothing done at that epoch's end or at train end counts twice on resume.
   */
  Checkpoint snapshot();

  /**
   * Runs a validation pass over the fit's validation data now, firing the validation events, and
   * returns the metrics it published.
   */
  Map<String, Double> validate();
}

package dev.fitkit.handlers;

import ai.djl.training.Trainer;
import ai.djl.training.evaluator.AbstractAccuracy;
import ai.djl.training.evaluator.Evaluator;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.annotations.OnEpochBegin;
import dev.fitkit.annotations.OnTrainBegin;
import dev.fitkit.annotations.OnValidationBatchEnd;
import dev.fitkit.annotations.OnValidationBegin;
import dev.fitkit.annotations.OnValidationEnd;
import dev.fitkit.annotations.Priority;
import dev.fitkit.event.BatchEnd;
import dev.fitkit.event.BatchOutputEvent;
import dev.fitkit.event.DeviceSlice;
import dev.fitkit.event.EpochBegin;
import dev.fitkit.event.FitEvent;
import dev.fitkit.event.TrainBegin;
import dev.fitkit.event.ValidationBatchEnd;
import dev.fitkit.event.ValidationBegin;
import dev.fitkit.event.ValidationEnd;
import dev.fitkit.handlers.support.RunningMean;
import dev.fitkit.metric.MetricNames;
import dev.fitkit.metric.SaveableEvaluator;
import dev.fitkit.spi.StatefulHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Updates the metrics (the trainer's evaluators) and the mean loss: training ones after every
 * batch, reset at each epoch; validation ones over each validation pass. Publishes them as {@code
 * "train <name>"} and {@code "validation <name>"}; a validation pass cut short publishes nothing.
 *
 * <p>The training accumulators are its checkpointed state, so an epoch resumed part-way goes on
 * from the counts it had: the mean loss always, each metric that is a {@link SaveableEvaluator}
 * ({@code dev.fitkit.metric.Accuracy}, ...). Another metric restarts at the resume, with a warning.
 */
@FitHandler(id = "fitkit.metrics", autoLoad = false)
public final class MetricHandler implements StatefulHandler<MetricHandler.State> {
  private static final Logger LOG = LoggerFactory.getLogger(MetricHandler.class);
  private static final String TRAIN = "train";
  private static final String VALIDATION = "validation";
  private static final String TRAIN_LOSS = MetricNames.train(MetricNames.LOSS);
  private static final String VALIDATION_LOSS = MetricNames.validation(MetricNames.LOSS);

  /**
   * The training accumulators part-way through an epoch.
   *
   * @param lossSum the sum of batch mean losses, each times its batch size
   * @param lossCount the samples in that sum
   * @param metrics each saveable metric's accumulator, by metric name
   */
  public record State(double lossSum, long lossCount, Map<String, double[]> metrics) {}

  private final RunningMean trainLoss = new RunningMean();
  private final RunningMean validationLoss = new RunningMean();
  private List<Evaluator> metrics = List.of();
  // Per fit, not per batch: DJL's evaluators keep their names.
  private List<String> trainNames = List.of();
  private List<String> validationNames = List.of();
  private State restored;
  private boolean checked;

  @OnTrainBegin(priority = Priority.METRICS)
  void start(TrainBegin event) {
    use(metrics(event.trainer()));
    checked = false;
    if (!event.resumed()) {
      restored = null;
    }
  }

  @OnEpochBegin(priority = Priority.METRICS)
  void resetTraining(EpochBegin event) {
    reset(TRAIN, trainLoss);
    if (event.continued() && restored != null) {
      continueEpoch(event, restored);
    }
    restored = null;
  }

  @OnBatchEnd(priority = Priority.METRICS)
  void updateTraining(BatchEnd event) {
    update(event, TRAIN, trainLoss);
    publish(event, trainLoss, TRAIN, TRAIN_LOSS, trainNames);
  }

  @OnValidationBegin(priority = Priority.METRICS)
  void resetValidation(ValidationBegin event) {
    if (metrics.isEmpty()) {
      use(metrics(event.trainer())); // evaluate, outside any fit
    }
    reset(VALIDATION, validationLoss);
  }

  @OnValidationBatchEnd(priority = Priority.METRICS)
  void updateValidation(ValidationBatchEnd event) {
    update(event, VALIDATION, validationLoss);
  }

  @OnValidationEnd(priority = Priority.METRICS)
  void publishValidation(ValidationEnd event) {
    if (event.completed()) {
      publish(event, validationLoss, VALIDATION, VALIDATION_LOSS, validationNames);
    }
  }

  @Override
  public Class<State> stateType() {
    return State.class;
  }

  @Override
  public State saveState() {
    Map<String, double[]> saved = new LinkedHashMap<>();
    for (Evaluator metric : metrics) {
      if (metric instanceof SaveableEvaluator saveable) {
        saved.put(metric.getName(), saveable.saveAccumulator(TRAIN));
      }
    }
    return new State(trainLoss.sum(), trainLoss.count(), saved);
  }

  @Override
  public void restoreState(State state) {
    restored = state; // applied when the resumed epoch begins, after the accumulators exist
  }

  private void continueEpoch(EpochBegin event, State state) {
    trainLoss.restore(state.lossSum(), state.lossCount());
    for (Evaluator metric : metrics) {
      double[] saved = state.metrics().get(metric.getName());
      if (metric instanceof SaveableEvaluator saveable && saved != null && saved.length > 0) {
        saveable.restoreAccumulator(TRAIN, saved);
      } else {
        LOG.warn(
            "The metric {} ({}) cannot save its running value, so after this resume part-way"
                + " through epoch {} its '{}' covers only the batches trained since. Use"
                + " dev.fitkit.metric.Accuracy (or TopKAccuracy) for DJL's, or implement"
                + " dev.fitkit.metric.SaveableEvaluator.",
            metric.getName(),
            metric.getClass().getName(),
            event.epoch(),
            MetricNames.train(metric.getName()));
      }
    }
  }

  private void reset(String key, RunningMean loss) {
    loss.reset();
    for (Evaluator evaluator : metrics) {
      evaluator.addAccumulator(key); // DJL's way to (re)start an accumulator
    }
  }

  private void update(BatchOutputEvent event, String key, RunningMean loss) {
    loss.add(event.meanLoss(), event.batchSize());
    for (DeviceSlice slice : event.slices()) {
      if (!checked) {
        checkOutputs(metrics, slice);
      }
      for (Evaluator evaluator : metrics) {
        evaluator.updateAccumulator(key, slice.labels(), slice.predictions());
      }
    }
    checked = true;
  }

  private void use(List<Evaluator> evaluators) {
    metrics = evaluators;
    trainNames = evaluators.stream().map(e -> MetricNames.train(e.getName())).toList();
    validationNames = evaluators.stream().map(e -> MetricNames.validation(e.getName())).toList();
  }

  private void publish(
      FitEvent event, RunningMean loss, String key, String lossName, List<String> names) {
    event.context().putMetric(lossName, loss.value());
    for (int i = 0; i < metrics.size(); i++) {
      event.context().putMetric(names.get(i), metrics.get(i).getAccumulator(key));
    }
  }

  /** The trainer's evaluators without the loss, whose mean this handler keeps itself. */
  private static List<Evaluator> metrics(Trainer trainer) {
    return trainer.getEvaluators().stream().filter(e -> e != trainer.getLoss()).toList();
  }

  /**
   * DJL's accuracies read the first output and the first label array and ignore the rest, so a
   * network with several outputs would be scored on one of them without a word.
   */
  private static void checkOutputs(List<Evaluator> metrics, DeviceSlice slice) {
    for (Evaluator evaluator : metrics) {
      if (evaluator instanceof AbstractAccuracy
          && (slice.predictions().size() != 1 || slice.labels().size() != 1)) {
        throw new FitConfigurationException(
            "The metric "
                + evaluator.getName()
                + " compares one output with one label array, but"
                + " the network returns "
                + slice.predictions().size()
                + " outputs and the batch"
                + " brings "
                + slice.labels().size()
                + " label arrays. Use a network with one"
                + " output, or a metric written for several (an Evaluator that picks the output"
                + " and label it scores).");
      }
    }
  }
}

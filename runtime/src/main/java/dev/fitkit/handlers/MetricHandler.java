package dev.fitkit.handlers;

import ai.djl.training.Trainer;
import ai.djl.training.evaluator.AbstractAccuracy;
import ai.djl.training.evaluator.Evaluator;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.annotations.OnEpochBegin;
import dev.fitkit.annotations.OnValidationBatchEnd;
import dev.fitkit.annotations.OnValidationBegin;
import dev.fitkit.annotations.OnValidationEnd;
import dev.fitkit.annotations.Priority;
import dev.fitkit.event.BatchEnd;
import dev.fitkit.event.BatchOutputEvent;
import dev.fitkit.event.DeviceSlice;
import dev.fitkit.event.EpochBegin;
import dev.fitkit.event.FitEvent;
import dev.fitkit.event.ValidationBatchEnd;
import dev.fitkit.event.ValidationBegin;
import dev.fitkit.event.ValidationEnd;
import dev.fitkit.loop.MetricNames;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Updates the metrics (the trainer's evaluators) and the mean loss: training ones after every
 * batch, reset at each epoch; validation ones over each validation pass. Publishes them as {@code
 * "train <name>"} and {@code "validation <name>"}.
 */
@FitHandler(id = "fitkit.metrics", autoLoad = false)
public final class MetricHandler {
  private static final String TRAIN = "train";
  private static final String VALIDATION = "validation";

  private final RunningMean trainLoss = new RunningMean();
  private final RunningMean validationLoss = new RunningMean();
  private boolean checked;

  @OnEpochBegin(priority = Priority.METRICS)
  void resetTraining(EpochBegin event) {
    reset(event, TRAIN, trainLoss);
  }

  @OnBatchEnd(priority = Priority.METRICS)
  void updateTraining(BatchEnd event) {
    update(event, TRAIN, trainLoss);
    publish(event, TRAIN, trainLoss, MetricNames::train);
  }

  @OnValidationBegin(priority = Priority.METRICS)
  void resetValidation(ValidationBegin event) {
    reset(event, VALIDATION, validationLoss);
  }

  @OnValidationBatchEnd(priority = Priority.METRICS)
  void updateValidation(ValidationBatchEnd event) {
    update(event, VALIDATION, validationLoss);
  }

  @OnValidationEnd(priority = Priority.METRICS)
  void publishValidation(ValidationEnd event) {
    publish(event, VALIDATION, validationLoss, MetricNames::validation);
  }

  private static void reset(FitEvent event, String key, RunningMean loss) {
    loss.reset();
    for (Evaluator evaluator : metrics(event.trainer())) {
      evaluator.addAccumulator(key); // DJL's way to (re)start an accumulator
    }
  }

  private void update(BatchOutputEvent event, String key, RunningMean loss) {
    loss.add(event.meanLoss(), event.batchSize());
    List<Evaluator> metrics = metrics(event.trainer());
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

  private static void publish(
      FitEvent event, String key, RunningMean loss, UnaryOperator<String> name) {
    event.context().putMetric(name.apply(MetricNames.LOSS), loss.value());
    for (Evaluator evaluator : metrics(event.trainer())) {
      event.context().putMetric(name.apply(evaluator.getName()), evaluator.getAccumulator(key));
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

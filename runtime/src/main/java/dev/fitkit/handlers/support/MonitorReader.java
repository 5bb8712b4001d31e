package dev.fitkit.handlers.support;

import ai.djl.training.Trainer;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.event.EpochEnd;
import dev.fitkit.event.FitEvent;
import dev.fitkit.metric.MetricNames;
import dev.fitkit.metric.Monitor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Reads a monitored metric at epoch end, only when it is this epoch's. A validation metric keeps
 * its last value through epochs without a validation pass ({@code new ValidationHandler(2)}
 * validates every second epoch); counting that stale value again would look like a plateau.
 */
public final class MonitorReader {
  private final Monitor monitor;

  public MonitorReader(Monitor monitor) {
    this.monitor = monitor;
  }

  /**
   * At train begin, before any batch: the metric must be one the fit will publish (the loss and the
   * trainer's evaluators, in the training phase and, with validation data, the validation one, or
   * one a handler already published), and a validation metric needs validation data.
   */
  public void start(FitEvent event, String handlerId) {
    if (isValidationMetric() && !event.context().hasValidationData()) {
      throw new FitConfigurationException(
          "Handler "
              + handlerId
              + " monitors '"
              + monitor.metric()
              + "', but the fit has no"
              + " validation data: pass a validation dataset to fit(train, validation, epochs), or"
              + " monitor a training metric such as 'train loss'.");
    }
    Set<String> names = namesThatWillExist(event);
    if (!names.contains(monitor.metric())) {
      throw new FitConfigurationException(
          "Handler "
              + handlerId
              + " monitors '"
              + monitor.metric()
              + "', which this fit will not publish; its metrics will be "
              + names
              + ". Check the spelling and the phase prefix ('train ' or 'validation '); a metric"
              + " your own handler publishes with putMetric must be declared first:"
              + " event.context().declareMetric(\"<name>\") at train begin, at a priority below"
              + " this handler's.");
    }
  }

  private static Set<String> namesThatWillExist(FitEvent event) {
    Trainer trainer = event.trainer();
    Set<String> names = new LinkedHashSet<>();
    List<String> evaluators = new ArrayList<>();
    evaluators.add(MetricNames.LOSS);
    trainer.getEvaluators().stream()
        .filter(evaluator -> evaluator != trainer.getLoss())
        .forEach(evaluator -> evaluators.add(evaluator.getName()));
    evaluators.forEach(name -> names.add(MetricNames.train(name)));
    if (event.context().hasValidationData()) {
      evaluators.forEach(name -> names.add(MetricNames.validation(name)));
    }
    names.addAll(event.metrics().keySet());
    names.addAll(event.context().declaredMetrics());
    return names;
  }

  /**
   * This epoch's value, or empty when the metric is a validation one and no pass ran this epoch.
   */
  public OptionalDouble read(EpochEnd event) {
    boolean fresh = event.validated() || !isValidationMetric();
    return fresh ? OptionalDouble.of(monitor.read(event)) : OptionalDouble.empty();
  }

  private boolean isValidationMetric() {
    return monitor.metric().startsWith(MetricNames.VALIDATION_PREFIX);
  }
}

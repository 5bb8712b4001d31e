package dev.fitkit.handlers.support;

import dev.fitkit.FitConfigurationException;
import dev.fitkit.event.EpochEnd;
import dev.fitkit.event.FitEvent;
import dev.fitkit.metric.MetricNames;
import dev.fitkit.metric.Monitor;
import java.util.OptionalDouble;

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

  /** At train begin: a validation metric needs validation data. */
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

package dev.fitkit.metric;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How metric values are named, for handlers, plots and packs alike: the training phase's values are
 * {@code "train <name>"} ({@code "train loss"}, {@code "train accuracy"}), a validation pass's
 * {@code "validation <name>"}, where {@code <name>} is the evaluator's name in lower case.
 */
public final class MetricNames {
  public static final String TRAIN_PREFIX = "train ";
  public static final String VALIDATION_PREFIX = "validation ";
  public static final String LOSS = "loss";

  private MetricNames() {}

  /** {@code "train accuracy"} for DJL's {@code Accuracy} evaluator in the training phase. */
  public static String train(String evaluatorName) {
    return TRAIN_PREFIX + evaluatorName.toLowerCase(Locale.ROOT);
  }

  /** {@code "validation accuracy"} for DJL's {@code Accuracy} in a validation pass. */
  public static String validation(String evaluatorName) {
    return VALIDATION_PREFIX + evaluatorName.toLowerCase(Locale.ROOT);
  }

  /** Whether {@code metric} is a training-phase value, {@code "train ..."}. */
  public static boolean isTraining(String metric) {
    return metric.startsWith(TRAIN_PREFIX);
  }

  /** Whether {@code metric} is a validation pass's value, {@code "validation ..."}. */
  public static boolean isValidation(String metric) {
    return metric.startsWith(VALIDATION_PREFIX);
  }

  /** {@code "accuracy"} for {@code "validation accuracy"}: the name without its phase. */
  public static String withoutPhase(String metric) {
    if (isTraining(metric)) {
      return metric.substring(TRAIN_PREFIX.length());
    }
    return isValidation(metric) ? metric.substring(VALIDATION_PREFIX.length()) : metric;
  }

  /** The {@code "train ..."} entries of {@code metrics}, in their order. */
  public static Map<String, Double> trainingOnly(Map<String, Double> metrics) {
    Map<String, Double> training = new LinkedHashMap<>();
    metrics.forEach(
        (name, value) -> {
          if (isTraining(name)) {
            training.put(name, value);
          }
        });
    return training;
  }

  /** {@code metrics} without its {@code "validation ..."} entries, in their order. */
  public static Map<String, Double> withoutValidation(Map<String, Double> metrics) {
    Map<String, Double> kept = new LinkedHashMap<>(metrics);
    kept.keySet().removeIf(MetricNames::isValidation);
    return kept;
  }
}

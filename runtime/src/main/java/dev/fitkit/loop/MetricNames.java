package dev.fitkit.loop;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** How metric values are named: {@code "train loss"}, {@code "validation accuracy"}, ... */
public final class MetricNames {
  public static final String TRAIN_PREFIX = "train ";
  public static final String VALIDATION_PREFIX = "validation ";
  public static final String LOSS = "loss";

  private MetricNames() {}

  /** {@code "train accuracy"} for DJL's {@code Accuracy} evaluator in the training phase. */
  public static String train(String evaluatorName) {
    return TRAIN_PREFIX + evaluatorName.toLowerCase(Locale.ROOT);
  }

  public static String validation(String evaluatorName) {
    return VALIDATION_PREFIX + evaluatorName.toLowerCase(Locale.ROOT);
  }

  /** The {@code "train ..."} entries of {@code metrics}, in their order. */
  public static Map<String, Double> trainingOnly(Map<String, Double> metrics) {
    Map<String, Double> training = new LinkedHashMap<>();
    metrics.forEach(
        (name, value) -> {
          if (name.startsWith(TRAIN_PREFIX)) {
            training.put(name, value);
          }
        });
    return training;
  }

  /** {@code metrics} without its {@code "validation ..."} entries, in their order. */
  public static Map<String, Double> withoutValidation(Map<String, Double> metrics) {
    Map<String, Double> kept = new LinkedHashMap<>(metrics);
    kept.keySet().removeIf(name -> name.startsWith(VALIDATION_PREFIX));
    return kept;
  }
}

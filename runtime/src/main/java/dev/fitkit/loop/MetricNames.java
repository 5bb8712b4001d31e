package dev.fitkit.loop;

import java.util.Locale;

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
}

package dev.fitkit.examples;

import ai.djl.nn.core.Linear;
import ai.djl.training.evaluator.BinaryAccuracy;
import ai.djl.training.loss.Loss;
import dev.fitkit.Estimator;
import dev.fitkit.FitResult;
import dev.fitkit.LearningRate;
import dev.fitkit.examples.data.BreastCancer;
import dev.fitkit.examples.data.LabelledRows;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

@Command(
    name = "logreg",
    mixinStandardHelpOptions = true,
    defaultValueProvider = LogRegCommand.Defaults.class,
    description = {
      "Logistic regression on the Breast Cancer Wisconsin data (scikit-learn's breast_cancer.csv,"
          + " bundled): 30 standardized features, malignant or benign. 80/20 train/test split with"
          + " a fixed seed; reaches 1.00 test accuracy (114 of 114) in its 20 default epochs.",
      "--data takes another CSV file in the same layout."
    })
final class LogRegCommand implements Callable<Integer> {
  /** The train/test split is part of the data set's definition: it never changes between runs. */
  static final long SPLIT_SEED = 42;

  @Mixin TrainingOptions options;

  @Override
  public Integer call() throws Exception {
    LabelledRows.Split data = BreastCancer.read(options.data).split(0.2, SPLIT_SEED).standardized();
    // One output: the logit of "benign"; BinaryAccuracy thresholds it at 0, i.e. probability 0.5.
    try (Estimator estimator =
        Estimator.builder()
            .block(Linear.builder().setUnits(1).build())
            .loss(Loss.sigmoidBinaryCrossEntropyLoss())
            .metrics(new BinaryAccuracy("accuracy", 0f))
            .learningRate(LearningRate.fixed(0.01f))
            .devices(options.devices())
            .seed(7)
            .build()) {
      FitResult result =
          estimator.fit(
              data.train().dataset(options.batchSize, true, options.limit),
              data.test().dataset(options.batchSize, false, Long.MAX_VALUE),
              options.epochs);
      RunOutput.save(estimator, result, options.outputFor("logreg"), "logreg");
    }
    return 0;
  }

  /** Defaults that suit 455 training rows: the bundled CSV, small batches, more epochs. */
  static final class Defaults implements IDefaultValueProvider {
    private static final Map<String, String> VALUES =
        Map.of("--data", BreastCancer.BUNDLED, "--batch-size", "32", "--epochs", "20");

    @Override
    public String defaultValue(ArgSpec argument) {
      return argument instanceof OptionSpec option ? VALUES.get(option.longestName()) : null;
    }
  }
}

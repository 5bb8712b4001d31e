package dev.fitkit.examples;

import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import dev.fitkit.Estimator;
import dev.fitkit.FitResult;
import dev.fitkit.LearningRate;
import dev.fitkit.examples.data.Reviews;
import dev.fitkit.examples.data.SyntheticReviews;
import dev.fitkit.metric.Accuracy;
import java.io.IOException;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Trains a sentiment classifier on {@link SyntheticReviews}' <b>generated</b> sentences with the
 * Fit API: the shared code of the {@code textcnn} and {@code birnn} examples.
 */
final class TextClassification {
  /** Training sentences; {@code --limit} takes a slice of them. */
  static final int TRAIN_SIZE = 10_000;

  /** Held-out sentences, generated with another seed. */
  static final int TEST_SIZE = 2_000;

  /** The data set's seeds: part of its definition, they never change between runs. */
  static final long TRAIN_SEED = 1;

  static final long TEST_SEED = 2;

  /** Two classes: negative (0), positive (1). */
  static final int CLASSES = 2;

  private TextClassification() {}

  /**
   * Trains {@code network} and saves the run under the output folder's {@code name}; {@code
   * withLengths} gives the network each sentence's valid length as a second input.
   */
  static FitResult train(
      String name, Block network, boolean withLengths, float learningRate, TrainingOptions options)
      throws IOException {
    Reviews train = SyntheticReviews.generate(TRAIN_SIZE, TRAIN_SEED);
    Reviews test = SyntheticReviews.generate(TEST_SIZE, TEST_SEED);
    int evaluationBatch = Math.max(options.batchSize, ImageClassification.MIN_EVALUATION_BATCH);
    try (Estimator estimator =
        Estimator.builder()
            .block(network)
            .loss(Loss.softmaxCrossEntropyLoss())
            .metrics(new Accuracy())
            .learningRate(LearningRate.fixed(learningRate))
            .devices(options.devices())
            .seed(7)
            .build()) {
      FitResult result =
          estimator.fit(
              train.dataset(options.batchSize, true, options.limit, withLengths),
              test.dataset(evaluationBatch, false, Long.MAX_VALUE, withLengths),
              options.epochs);
      RunOutput.save(estimator, result, options.outputFor(name), name);
      return result;
    }
  }

  /** Defaults that suit 10,000 short generated sentences; {@code --data} is not used. */
  static final class Defaults implements IDefaultValueProvider {
    private static final Map<String, String> VALUES = Map.of("--batch-size", "64", "--epochs", "5");

    @Override
    public String defaultValue(ArgSpec argument) {
      return argument instanceof OptionSpec option ? VALUES.get(option.longestName()) : null;
    }
  }
}

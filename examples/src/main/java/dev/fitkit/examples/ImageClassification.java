package dev.fitkit.examples;

import ai.djl.nn.Block;
import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.loss.Loss;
import ai.djl.translate.Transform;
import dev.fitkit.Estimator;
import dev.fitkit.FitResult;
import dev.fitkit.examples.data.FashionMnist;
import dev.fitkit.metric.Accuracy;
import java.io.IOException;

/** Trains a classifier on Fashion-MNIST with the Fit API: the whole user code of the basic path. */
final class ImageClassification {
  /** Test-set batches hold at least this many images, whatever the training batch size. */
  static final int MIN_EVALUATION_BATCH = 128;

  private ImageClassification() {}

  /**
   * Trains {@code network} and saves the run under the output folder's {@code name}; {@code
   * augmentations} transform every training batch (never the test set), in order.
   */
  static FitResult train(
      String name, Block network, TrainingOptions options, Transform... augmentations)
      throws IOException {
    FashionMnist.Builder trainData =
        FashionMnist.builder()
            .optDirectory(options.data)
            .optUsage(Usage.TRAIN)
            .setSampling(options.batchSize, true)
            .optLimit(options.limit);
    for (Transform augmentation : augmentations) {
      trainData.addTransform(augmentation);
    }
    FashionMnist train = trainData.build();
    // Evaluation gives the same result at any batch size; tiny training batches would only slow it.
    FashionMnist test =
        FashionMnist.builder()
            .optDirectory(options.data)
            .optUsage(Usage.TEST)
            .setSampling(Math.max(options.batchSize, MIN_EVALUATION_BATCH), false)
            .build();

    try (Estimator estimator =
        Estimator.builder()
            .block(network)
            .loss(Loss.softmaxCrossEntropyLoss())
            .metrics(new Accuracy())
            .devices(options.devices())
            .handlers(new BestEpoch(options.outputFor(name)))
            .build()) {
      FitResult result = estimator.fit(train, test, options.epochs);
      RunOutput.save(estimator, result, options.outputFor(name), name);
      return result;
    }
  }
}

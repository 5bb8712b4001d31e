package dev.fitkit.examples;

import ai.djl.nn.Block;
import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.loss.Loss;
import dev.fitkit.Estimator;
import dev.fitkit.FitResult;
import dev.fitkit.examples.data.FashionMnist;
import java.io.IOException;

/** Trains a classifier on Fashion-MNIST with the Fit API: the whole user code of the basic path. */
final class ImageClassification {
  private ImageClassification() {}

  static FitResult train(String name, Block network, TrainingOptions options) throws IOException {
    FashionMnist train = FashionMnist.builder().optDirectory(options.data).optUsage(Usage.TRAIN)
        .setSampling(options.batchSize, true).optLimit(options.limit).build();
    FashionMnist test = FashionMnist.builder().optDirectory(options.data).optUsage(Usage.TEST)
        .setSampling(options.batchSize, false).build();

    try (Estimator estimator = Estimator.builder().block(network).loss(Loss.softmaxCrossEntropyLoss())
        .trainMetrics(new Accuracy()).devices(options.devices()).build()) {
      FitResult result = estimator.fit(train, test, options.epochs);
      RunOutput.save(estimator, result, options.outputFor(name), name);
      return result;
    }
  }
}

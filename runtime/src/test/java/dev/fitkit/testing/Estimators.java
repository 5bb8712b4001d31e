package dev.fitkit.testing;

import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import dev.fitkit.Estimator;
import dev.fitkit.LearningRate;

/** Estimators for the blobs, with a learning rate handlers can read and change. */
public final class Estimators {
  private Estimators() {}

  /** The MLP with Adam at {@code learningRate}, accuracy, no discovered handlers. */
  public static Estimator.Builder adam(float learningRate) {
    LearningRate lr = LearningRate.fixed(learningRate);
    return mlp().optimizer(Optimizer.adam().optLearningRateTracker(lr).build()).learningRate(lr);
  }

  /** The MLP with fitkit's Adam, whose state checkpoints save: resumes are exact. */
  public static Estimator.Builder resumableAdam(float learningRate) {
    LearningRate lr = LearningRate.fixed(learningRate);
    return mlp()
        .optimizer(dev.fitkit.optimizer.Adam.builder().learningRate(lr).build())
        .learningRate(lr);
  }

  /** The MLP with plain SGD at {@code learningRate}. */
  public static Estimator.Builder sgd(float learningRate) {
    LearningRate lr = LearningRate.fixed(learningRate);
    return mlp().optimizer(Optimizer.sgd().setLearningRateTracker(lr).build()).learningRate(lr);
  }

  private static Estimator.Builder mlp() {
    return Estimator.builder()
        .block(Nets.mlp())
        .loss(Loss.softmaxCrossEntropyLoss())
        .metrics(new Accuracy())
        .discoverHandlers(false);
  }
}

package dev.fitkit.examples.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import java.io.IOException;

/**
 * The loop a DJL user writes by hand without the Fit API: the baseline the benchmark compares
 * {@code Estimator.fit} with, and the README's "before" picture. Same network, loss, optimizer and
 * data as the Fit API version; metrics are computed the same way (an accuracy accumulator and a
 * mean loss read back every batch).
 */
public final class HandWrittenLoop {
  private HandWrittenLoop() {}

  /** What the last epoch measured. */
  public record Run(double trainLoss, double trainAccuracy, double testAccuracy) {}

  /** Trains {@code epochs} epochs and measures the last one and the test set. */
  public static Run train(Block network, Dataset train, Dataset test, int epochs)
      throws IOException, TranslateException {
    try (Model model = Model.newInstance("hand-written")) {
      model.setBlock(network);
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
              .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.001f)).build())
              .addEvaluator(new Accuracy());
      try (Trainer trainer = model.newTrainer(config)) {
        Accuracy accuracy = new Accuracy();
        double lossSum = 0;
        long samples = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
          accuracy.addAccumulator("train");
          lossSum = 0;
          samples = 0;
          for (Batch batch : trainer.iterateDataset(train)) {
            if (!network.isInitialized()) {
              trainer.initialize(batch.getData().getShapes());
            }
            try (GradientCollector collector = trainer.newGradientCollector()) {
              NDList predictions = trainer.forward(batch.getData(), batch.getLabels());
              NDArray loss = trainer.getLoss().evaluate(batch.getLabels(), predictions);
              collector.backward(loss);
              accuracy.updateAccumulator("train", batch.getLabels(), predictions);
              lossSum += loss.getFloat() * batch.getSize();
              samples += batch.getSize();
            }
            trainer.step();
            batch.close();
          }
        }
        return new Run(
            lossSum / samples, accuracy.getAccumulator("train"), testAccuracy(trainer, test));
      }
    }
  }

  private static double testAccuracy(Trainer trainer, Dataset test)
      throws IOException, TranslateException {
    Accuracy accuracy = new Accuracy();
    accuracy.addAccumulator("test");
    for (Batch batch : trainer.iterateDataset(test)) {
      NDList predictions = trainer.evaluate(batch.getData());
      accuracy.updateAccumulator("test", batch.getLabels(), predictions);
      batch.close();
    }
    return accuracy.getAccumulator("test");
  }
}

package dev.fitkit.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.translate.TranslateException;
import java.io.IOException;

/**
 * The loop a DJL user writes by hand without the Fit API, the baseline of the benchmarks: forward,
 * loss, backward and step, with the mean loss and an accuracy accumulator read back every batch, as
 * a user who watches training does (and as {@code fit}'s metrics do).
 */
final class HandWrittenLoop {
  private HandWrittenLoop() {}

  /** Trains one pass over {@code data}; returns the mean loss. */
  static double epoch(Trainer trainer, Dataset data) throws IOException, TranslateException {
    Accuracy accuracy = new Accuracy();
    accuracy.addAccumulator("train");
    double lossSum = 0;
    long samples = 0;
    boolean initialized = trainer.getModel().getBlock().isInitialized();
    for (Batch batch : trainer.iterateDataset(data)) {
      try (batch) {
        if (!initialized) {
          trainer.initialize(batch.getData().getShapes());
          initialized = true;
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
      }
    }
    return lossSum / samples;
  }
}

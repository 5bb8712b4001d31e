package dev.fitkit.graph;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingConfig;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import java.io.IOException;

/**
 * DJL's trainer over a graph's model, made directly (an engine without training, such as
 * TensorFlow, refuses {@code model.newTrainer}): it holds the loss and the metrics and reads the
 * data, and never computes a gradient or steps an optimizer, which the graph does itself.
 *
 * <p>Batches are read with a manager of DJL's default engine, the one datasets' arrays are made
 * with unless named otherwise: DJL's indexers cannot read one engine's arrays into another's
 * manager. The graph copies each batch to its own engine.
 */
public final class GraphTrainer extends Trainer {
  private final NDManager data;

  public GraphTrainer(Model model, TrainingConfig config) {
    super(model, config);
    this.data = NDManager.newBaseManager();
  }

  @Override
  public Iterable<Batch> iterateDataset(Dataset dataset) throws IOException, TranslateException {
    return dataset.getData(data);
  }

  @Override
  public GradientCollector newGradientCollector() {
    throw new UnsupportedOperationException(
        "A graph computes its gradients inside its train call; fitkit never records them");
  }

  @Override
  public void step() {
    throw new UnsupportedOperationException(
        "A graph updates its variables inside its train call; there is no optimizer step");
  }

  @Override
  public void close() {
    try {
      super.close();
    } finally {
      data.close();
    }
  }
}

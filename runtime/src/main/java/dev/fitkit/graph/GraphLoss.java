package dev.fitkit.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Stands for the loss a graph computes inside itself: DJL's trainer needs a loss object, and logs
 * and metric names need its name. The loop takes the graph's own value and never calls this one.
 */
public final class GraphLoss extends Loss {
  public GraphLoss() {
    super("loss");
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    throw new IllegalStateException(
        "The graph computes its loss itself: GraphLoss only names it and is never evaluated");
  }
}

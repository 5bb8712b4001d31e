package dev.fitkit.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import dev.fitkit.ndarray.Gradients;
import java.util.List;

/**
 * The optimizer DJL's trainer is given: it passes every update on to the estimator's optimizer,
 * except during one step the loop takes to get past a check of DJL's.
 *
 * <p>DJL's trainer checks, at its first step only, that the gradients do not sum to zero, and
 * throws when they do. A fresh fit's first step is its first batch. A resumed fit's first step is a
 * late batch, whose gradients can all be exactly zero (a network so sure of every sample that its
 * softmax saturates), and where the uninterrupted run simply stepped on. So before a resumed fit's
 * first step the loop steps once with gradients of ones through the closed gate, which updates
 * nothing, then puts the batch's gradients back.
 */
public final class OptimizerGate extends Optimizer {
  private static final NDIndex ALL = new NDIndex("...");

  private final Optimizer optimizer;
  private boolean closed;

  public OptimizerGate(Optimizer optimizer) {
    super(new Builder());
    this.optimizer = optimizer;
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    if (!closed) {
      optimizer.update(parameterId, weight, grad);
    }
  }

  /**
   * Gets past DJL's first-step check without changing parameters, optimizer state or gradients.
   * Call after backward (the gradients exist then) and before the step.
   */
  public void passFirstStepCheck(Trainer trainer) {
    try (NDManager scope = trainer.getManager().newSubManager()) {
      List<NDArray> gradients = Gradients.of(trainer, scope);
      List<NDArray> saved = gradients.stream().map(NDArray::duplicate).toList();
      gradients.forEach(g -> g.set(ALL, 1f));
      closed = true;
      try {
        trainer.step();
      } finally {
        closed = false;
        for (int i = 0; i < gradients.size(); i++) {
          gradients.get(i).set(ALL, saved.get(i));
        }
      }
    }
  }

  private static final class Builder extends OptimizerBuilder<Builder> {
    @Override
    protected Builder self() {
      return this;
    }
  }
}

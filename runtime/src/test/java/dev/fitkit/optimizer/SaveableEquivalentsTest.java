package dev.fitkit.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

class SaveableEquivalentsTest {

  @Test
  void eachDjlOptimizerHasItsFitkitEquivalent() {
    assertEquals("dev.fitkit.optimizer.Adam", SaveableEquivalents.of(Optimizer.adam().build()));
    assertEquals("dev.fitkit.optimizer.AdamW", SaveableEquivalents.of(Optimizer.adamW().build()));
    assertEquals(
        "dev.fitkit.optimizer.Sgd",
        SaveableEquivalents.of(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(1)).build()));
    assertEquals(
        "dev.fitkit.optimizer.Nag",
        SaveableEquivalents.of(
            Optimizer.nag().setLearningRateTracker(Tracker.fixed(1)).setMomentum(0.9f).build()));
    assertEquals(
        "dev.fitkit.optimizer.RmsProp", SaveableEquivalents.of(Optimizer.rmsprop().build()));
    assertEquals(
        "dev.fitkit.optimizer.Adagrad", SaveableEquivalents.of(Optimizer.adagrad().build()));
  }

  @Test
  void anyOtherOptimizerIsToldEveryChoice() {
    String every = "one of dev.fitkit.optimizer.Adam, AdamW, Sgd, Nag, RmsProp or Adagrad";
    assertEquals(every, SaveableEquivalents.of(Optimizer.adadelta().build()));
    assertEquals(every, SaveableEquivalents.of(new Custom()));
  }

  /** A user's own optimizer, which has no known equivalent. */
  private static final class Custom extends Optimizer {
    Custom() {
      super(new Builder());
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {}

    private static final class Builder extends OptimizerBuilder<Builder> {
      @Override
      protected Builder self() {
        return this;
      }
    }
  }
}

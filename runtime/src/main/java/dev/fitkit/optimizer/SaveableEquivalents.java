package dev.fitkit.optimizer;

import ai.djl.training.optimizer.Optimizer;
import java.util.Map;

/**
 * Which fitkit optimizer to use instead of one that keeps its state private, for messages that name
 * the fix. Each of DJL's optimizers but Adadelta (which DJL's PyTorch engine does not run) has a
 * fitkit equivalent that saves its state.
 */
public final class SaveableEquivalents {
  private static final Map<Class<? extends Optimizer>, Class<? extends StatefulOptimizer>> OF_DJL =
      Map.of(
          ai.djl.training.optimizer.Adam.class, Adam.class,
          ai.djl.training.optimizer.AdamW.class, AdamW.class,
          ai.djl.training.optimizer.Sgd.class, Sgd.class,
          ai.djl.training.optimizer.Nag.class, Nag.class,
          ai.djl.training.optimizer.RmsProp.class, RmsProp.class,
          ai.djl.training.optimizer.Adagrad.class, Adagrad.class);

  private SaveableEquivalents() {}

  /**
   * The class name of {@code optimizer}'s fitkit equivalent, e.g. {@code
   * "dev.fitkit.optimizer.RmsProp"} for DJL's RmsProp; for an optimizer without one, every fitkit
   * optimizer that saves its state.
   */
  public static String of(Optimizer optimizer) {
    Class<? extends StatefulOptimizer> equivalent = OF_DJL.get(optimizer.getClass());
    return equivalent != null
        ? equivalent.getName()
        : "one of dev.fitkit.optimizer.Adam, AdamW, Sgd, Nag, RmsProp or Adagrad";
  }
}

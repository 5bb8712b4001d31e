package dev.fitkit.optimizer;

import ai.djl.ndarray.NDManager;
import java.util.function.UnaryOperator;

/**
 * An optimizer whose state (moments, step counts) can be saved and restored, so that a run resumed
 * from a checkpoint continues exactly. DJL's own optimizers keep their state private; fitkit's
 * {@link Adam}, {@link AdamW}, {@link Sgd}, {@link Nag}, {@link RmsProp} and {@link Adagrad}
 * implement this, each DJL's update with its state saveable ({@link SaveableEquivalents}).
 */
public interface StatefulOptimizer {
  /** Whether the state can be saved now; false when it is made of optimizers that cannot. */
  default boolean canSaveState() {
    return true;
  }

  /**
   * The whole state, as bytes. DJL gives parameters a random id per network instance, so the state
   * is stored by parameter name, which a rebuilt network shares.
   *
   * @param nameOf the parameter name of a parameter id
   */
  byte[] saveState(UnaryOperator<String> nameOf);

  /**
   * Replaces the state with a saved one; arrays are created in {@code manager}, on their devices.
   *
   * @param idOf the parameter id of a parameter name in this network
   */
  void loadState(byte[] state, NDManager manager, UnaryOperator<String> idOf);
}

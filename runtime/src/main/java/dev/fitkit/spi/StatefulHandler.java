package dev.fitkit.spi;

import java.util.Optional;

/**
 * A handler whose state must survive a checkpoint, so that a resumed run continues as if it had
 * never stopped (an early-stopping counter, the best value seen, a top-k list, ...). Checkpoints
 * store the state under the handler's id, written as JSON with Gson: make {@code S} a record (or a
 * class) of numbers, strings, booleans, lists and maps.
 *
 * <p>The contract, the same for every stateful handler: the loop restores the state before train
 * begin when it resumes a run, and a handler resets its state at train begin unless {@code
 * TrainBegin.resumed()}. An instance reused for a second fit then starts that fit afresh, and no
 * handler needs a flag of its own to tell a restored state from a stale one.
 *
 * @param <S> the state's type
 */
public interface StatefulHandler<S> {

  /** The class of the state, to read it back. */
  Class<S> stateType();

  /** A snapshot of the state now; must not share mutable parts with the handler. */
  S saveState();

  /** Puts the handler back into a saved state, before the resumed run begins. */
  void restoreState(S state);

  /**
   * The key the state is saved under, when not the handler id: two stateful handlers of one class
   * in one fit need distinct keys.
   */
  default Optional<String> stateKey() {
    return Optional.empty();
  }
}

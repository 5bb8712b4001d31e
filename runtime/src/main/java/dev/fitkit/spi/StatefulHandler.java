package dev.fitkit.spi;

/**
 * A handler whose state must survive a checkpoint, so that a resumed run continues as if it had
 * never stopped (an early-stopping counter, the best value seen, a top-k list, ...). Checkpoints
 * store the state under the handler's id, written as JSON with Gson: make {@code S} a record (or a
 * class) of numbers, strings, booleans, lists and maps.
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
}

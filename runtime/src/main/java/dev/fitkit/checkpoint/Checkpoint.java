package dev.fitkit.checkpoint;

import dev.fitkit.Outcome;

/**
 * A saved run: its position and settings, the network's parameters and, when the optimizer allows,
 * the optimizer's state.
 *
 * @param run position, history, metrics, handler states
 * @param parameters the network's parameters (see {@code ParameterBytes}), or a graph's variables,
 *     its optimizer's slots included ({@code GraphNetwork.saveVariables})
 * @param optimizer the optimizer's state, or null when the optimizer keeps it private or the
 *     network is a graph
 */
public record Checkpoint(RunState run, byte[] parameters, byte[] optimizer) {
  /** The same checkpoint, marked as the last of a run that ended with {@code outcome}. */
  public Checkpoint withOutcome(Outcome outcome) {
    return new Checkpoint(run.withOutcome(outcome), parameters, optimizer);
  }
}

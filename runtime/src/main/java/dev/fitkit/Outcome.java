package dev.fitkit;

/** How a {@code fit} ended. */
public enum Outcome {
  /** The whole budget was trained. */
  COMPLETED,
  /** A handler asked to stop before the budget was spent. */
  STOPPED,
  /** The network, the data or a handler threw. */
  FAILED
}

package dev.fitkit.event;

/** Test stub of the runtime's event class. */
public final class PredictEnd extends FitEvent {}

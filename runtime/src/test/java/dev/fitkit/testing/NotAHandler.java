package dev.fitkit.testing;

/** A class with no event methods, so the processor generated no binding for it. */
public final class NotAHandler {}

package dev.fitkit.event;

/** Test stub of the runtime's event base class: just enough for handler sources to compile. */
public abstract class FitEvent {
  public double metric(String name) {
    return 0;
  }

  public void requestStop(String reason) {}
}

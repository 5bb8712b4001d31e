package dev.fitkit.testing;

import java.util.ArrayList;
import java.util.List;

/** Lines handlers write during a test, shared through Guice or a constructor. */
public final class Recorded {
  private final List<String> lines = new ArrayList<>();

  public void add(String line) {
    lines.add(line);
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }
}

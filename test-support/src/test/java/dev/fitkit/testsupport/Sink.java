package dev.fitkit.testsupport;

import java.util.ArrayList;
import java.util.List;

/** Where Guice-built test handlers write what they saw; bound by the test that reads it. */
public final class Sink {
  final List<String> lines = new ArrayList<>();

  void add(String line) {
    lines.add(line);
  }
}

package dev.fitkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Runs the examples as a user does, through their command line, and reads what they wrote. */
final class ExampleRuns {
  private ExampleRuns() {}

  /** The exit status of {@code bin/example <args>}. */
  static int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  /**
   * Trains {@code example} for one epoch on its first {@code limit} samples, checks it ended well
   * and saved its parameters under {@code output/<example>}.
   *
   * @return the history's last epoch, as {@link #lastEpoch}
   */
  static Map<String, String> oneEpochOnASlice(String example, int limit, int batchSize, Path output)
      throws Exception {
    assertEquals(
        0,
        run(
            example,
            "--epochs",
            "1",
            "--limit",
            Integer.toString(limit),
            "--batch-size",
            Integer.toString(batchSize),
            "--output",
            output.toString()));
    Path run = output.resolve(example);
    assertTrue(
        Files.exists(run.resolve(example + "-0000.params")), "the trained parameters are saved");
    return lastEpoch(run);
  }

  /** The history's last epoch as column name -> value. */
  static Map<String, String> lastEpoch(Path run) throws Exception {
    List<String> history = Files.readAllLines(run.resolve("history.csv"));
    String[] names = history.get(0).split(",");
    String[] values = history.get(history.size() - 1).split(",");
    Map<String, String> epoch = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      epoch.put(names[i], values[i]);
    }
    return epoch;
  }
}

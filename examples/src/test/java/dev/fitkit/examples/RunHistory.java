package dev.fitkit.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads what an example run wrote to its {@code history.csv}. */
final class RunHistory {
  private RunHistory() {}

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

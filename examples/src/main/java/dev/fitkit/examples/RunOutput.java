package dev.fitkit.examples;

import dev.fitkit.EpochRecord;
import dev.fitkit.Estimator;
import dev.fitkit.FitResult;
import dev.fitkit.plot.HistoryPlot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes what a run produced: the trained parameters, the history as CSV and as a plot. */
final class RunOutput {
  private static final Logger LOG = LoggerFactory.getLogger(RunOutput.class);

  private RunOutput() {}

  static void save(Estimator estimator, FitResult result, Path folder, String name)
      throws IOException {
    estimator.model().save(folder, name);
    writeHistory(result, folder, name);
    LOG.info(
        "Saved {}'s parameters, history.csv and history.png to {}", name, folder.toAbsolutePath());
  }

  /** The history as CSV and as a plot, for a run whose network was saved otherwise. */
  static void saveHistory(FitResult result, Path folder, String name) throws IOException {
    writeHistory(result, folder, name);
    LOG.info("Saved history.csv and history.png to {}", folder.toAbsolutePath());
  }

  private static void writeHistory(FitResult result, Path folder, String name) throws IOException {
    Files.write(folder.resolve("history.csv"), historyCsv(result));
    HistoryPlot.of(result.history()).write(folder.resolve("history.png"));
    LOG.info(
        "{} {}: {}",
        name,
        result.outcome().name().toLowerCase(Locale.ROOT),
        result.history().last().metrics());
  }

  /** {@code folder}, emptied of what an earlier run of the example wrote there. */
  static Path fresh(Path folder) throws IOException {
    if (Files.exists(folder)) {
      try (Stream<Path> walk = Files.walk(folder)) {
        for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
    return folder;
  }

  static List<String> historyCsv(FitResult result) {
    TreeSet<String> names = new TreeSet<>();
    result.history().epochs().forEach(e -> names.addAll(e.metrics().keySet()));
    List<String> lines = new ArrayList<>();
    lines.add("epoch,batches,seconds,learning rate," + String.join(",", names));
    for (EpochRecord e : result.history().epochs()) {
      StringBuilder line =
          new StringBuilder()
              .append(e.epoch() + 1)
              .append(',')
              .append(e.batches())
              .append(',')
              .append(String.format(Locale.ROOT, "%.3f", e.duration().toNanos() / 1e9))
              .append(',')
              .append(e.learningRate());
      names.forEach(n -> line.append(',').append(e.metric(n)));
      lines.add(line.toString());
    }
    return lines;
  }
}

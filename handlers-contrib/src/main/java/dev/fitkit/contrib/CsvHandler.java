package dev.fitkit.contrib;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.annotations.OnTrainBegin;
import dev.fitkit.annotations.OnTrainEnd;
import dev.fitkit.annotations.Priority;
import dev.fitkit.contrib.io.LineFile;
import dev.fitkit.contrib.io.OutputFailure;
import dev.fitkit.event.EpochEnd;
import dev.fitkit.event.TrainBegin;
import dev.fitkit.metric.MetricNames;
import dev.fitkit.options.OptionSource;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One CSV row per epoch (Keras' {@code CSVLogger}): {@code epoch} (0-based), {@code learning rate},
 * the training metrics, then the validation metrics, empty in an epoch that did not validate. The
 * header is fixed at the first epoch end, from the metrics that exist then and the validation
 * metrics the fit will have; a metric that appears later is left out with a warning. A new run
 * replaces the file; a resumed one keeps the rows of the epochs its checkpoint holds, drops those
 * of the part a crash lost, and appends. Each row is written when its epoch ends. Auto-loaded;
 * writes nothing until {@code contrib.csv.file} is set.
 */
@FitHandler(id = CsvHandler.ID)
public final class CsvHandler {
  static final int RECORD_PRIORITY = Priority.CHECKPOINT - 10;
  static final String ID = "contrib.csv";
  private static final Logger LOG = LoggerFactory.getLogger(CsvHandler.class);
  private static final List<String> FIXED = List.of("epoch", "learning rate");
  private final Path file;
  private LineFile out;
  private List<String> metrics;
  private final Set<String> warned = new LinkedHashSet<>();

  /** For Guice: {@code file} (unset: off). */
  @Inject
  CsvHandler(OptionSource source) {
    this(source.read(ID, "file").path("file").orElse(null));
  }

  /** Writes {@code file}; null writes nothing. */
  public CsvHandler(Path file) {
    this.file = file;
  }

  @OnTrainBegin(priority = Priority.LOGGING - 2)
  void open(TrainBegin event) {
    close();
    metrics = null;
    warned.clear();
    if (file == null) {
      return;
    }
    try {
      String header = event.resumed() ? LineFile.firstLine(file) : null;
      if (header == null || !header.startsWith(FIXED.get(0) + ",")) {
        out = LineFile.replace(file);
        return;
      }
      List<String> columns = parse(header);
      metrics = columns.subList(FIXED.size(), columns.size());
      int epochsKept = event.context().epochsEnded();
      out = LineFile.continueWith(file, line -> line.equals(header) || epochOf(line) < epochsKept);
    } catch (IOException e) {
      throw OutputFailure.of(ID, "file", file, e);
    }
  }

  // Before the checkpoint of the same event: a crash between the two leaves a record that the
  // resume drops and writes again, never a checkpoint whose record is missing.
  @OnEpochEnd(priority = RECORD_PRIORITY)
  void epochEnd(EpochEnd event) {
    if (out == null) {
      return;
    }
    try {
      if (metrics == null) {
        metrics = columns(event);
        List<String> header = new ArrayList<>(FIXED);
        header.addAll(metrics);
        out.append(line(header));
      }
      out.append(line(row(event)));
    } catch (IOException e) {
      throw OutputFailure.of(ID, "file", file, e);
    }
  }

  @OnTrainEnd(priority = Priority.LOGGING - 2)
  void trainEnd() {
    close();
  }

  private static List<String> columns(EpochEnd event) {
    Set<String> columns = new LinkedHashSet<>();
    Set<String> training = MetricNames.trainingOnly(event.metrics()).keySet();
    columns.addAll(training);
    if (event.context().hasValidationData()) {
      training.forEach(name -> columns.add(MetricNames.validation(MetricNames.withoutPhase(name))));
    }
    event.metrics().keySet().stream().filter(MetricNames::isValidation).forEach(columns::add);
    return List.copyOf(columns);
  }

  private List<String> row(EpochEnd event) {
    Map<String, Double> values = event.metrics();
    List<String> row = new ArrayList<>();
    row.add(Integer.toString(event.epoch()));
    row.add(number(event.learningRate()));
    for (String metric : metrics) {
      boolean stale = MetricNames.isValidation(metric) && !event.validated();
      Double value = values.get(metric);
      row.add(stale || value == null ? "" : number(value));
    }
    values.keySet().stream()
        .filter(
            name ->
                !metrics.contains(name) && (event.validated() || !MetricNames.isValidation(name)))
        .filter(warned::add)
        .forEach(
            name ->
                LOG.warn(
                    "{}: metric '{}' appeared after the header of {} was written; it is not"
                        + " in the file",
                    ID,
                    name,
                    file));
    return row;
  }

  private static String number(double value) {
    return Double.isNaN(value) ? "" : Double.toString(value);
  }

  private static int epochOf(String line) {
    int comma = line.indexOf(',');
    try {
      return Integer.parseInt(comma < 0 ? line : line.substring(0, comma));
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }

  static String line(List<String> cells) {
    return cells.stream().map(CsvHandler::quote).collect(Collectors.joining(","));
  }

  private static String quote(String cell) {
    if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0) {
      return cell;
    }
    return '"' + cell.replace("\"", "\"\"") + '"';
  }

  /** The cells of one line as {@link #line} wrote them. */
  static List<String> parse(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString());
    return cells;
  }

  private void close() {
    if (out != null) {
      LineFile closing = out;
      out = null;
      try {
        closing.close();
      } catch (IOException e) {
        throw OutputFailure.of(ID, "file", file, e);
      }
    }
  }
}

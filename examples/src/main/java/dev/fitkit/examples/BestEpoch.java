package dev.fitkit.examples;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.annotations.OnTrainBegin;
import dev.fitkit.annotations.OnTrainEnd;
import dev.fitkit.event.EpochEnd;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A handler of the examples' own: keeps the epoch with the best validation accuracy and, when
 * training ends, logs it and writes it to {@code best-epoch.txt}. The annotations are all it takes;
 * the processor generates the binding that calls these methods.
 */
@FitHandler(id = "examples.best-epoch", autoLoad = false)
final class BestEpoch {
  private static final Logger LOG = LoggerFactory.getLogger(BestEpoch.class);
  private static final String METRIC = "validation accuracy";

  private final Path folder;
  private int bestEpoch = -1;
  private double best = Double.NEGATIVE_INFINITY;

  BestEpoch(Path folder) {
    this.folder = folder;
  }

  @OnTrainBegin
  void reset() {
    bestEpoch = -1;
    best = Double.NEGATIVE_INFINITY;
  }

  @OnEpochEnd
  void compare(EpochEnd event) {
    Double accuracy = event.metrics().get(METRIC);
    if (event.validated() && accuracy != null && accuracy > best) {
      best = accuracy;
      bestEpoch = event.epoch();
    }
  }

  @OnTrainEnd
  void report() {
    if (bestEpoch < 0) {
      return;
    }
    String line = String.format(Locale.ROOT, "epoch %d, %s %.4f", bestEpoch + 1, METRIC, best);
    LOG.info("Best {}", line);
    try {
      Files.createDirectories(folder);
      Files.writeString(folder.resolve("best-epoch.txt"), line + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + folder.resolve("best-epoch.txt"), e);
    }
  }
}

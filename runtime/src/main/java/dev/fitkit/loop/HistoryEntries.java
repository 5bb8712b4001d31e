package dev.fitkit.loop;

import dev.fitkit.EpochRecord;
import dev.fitkit.History;
import dev.fitkit.checkpoint.RunState.HistoryEntry;
import java.time.Duration;
import java.util.List;

/** The history in the form checkpoints hold it. */
final class HistoryEntries {
  private HistoryEntries() {}

  static List<HistoryEntry> of(History history) {
    return history.epochs().stream()
        .map(
            e ->
                new HistoryEntry(
                    e.epoch(), e.batches(), e.learningRate(), e.metrics(), e.duration().toNanos()))
        .toList();
  }

  static void restore(List<HistoryEntry> entries, History history) {
    for (HistoryEntry e : entries) {
      history.add(
          new EpochRecord(
              e.epoch(), e.batches(), e.learningRate(), e.metrics(), Duration.ofNanos(e.nanos())));
    }
  }
}

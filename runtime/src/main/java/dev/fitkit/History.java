package dev.fitkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The epochs trained so far, oldest first, and, when the history handler was asked for them ({@code
 * new HistoryHandler(true)}), every training batch.
 */
public final class History {
  private final List<EpochRecord> epochs = new ArrayList<>();
  private final List<BatchRecord> batches = new ArrayList<>();

  /** Appends an epoch; the loop's history handler calls this once per epoch. */
  public void add(EpochRecord record) {
    epochs.add(record);
  }

  /** Appends a batch; the history handler calls this after each batch when it records batches. */
  public void add(BatchRecord record) {
    batches.add(record);
  }

  public List<EpochRecord> epochs() {
    return Collections.unmodifiableList(epochs);
  }

  /** Every training batch, oldest first; empty unless batches were recorded. */
  public List<BatchRecord> batches() {
    return Collections.unmodifiableList(batches);
  }

  public int size() {
    return epochs.size();
  }

  /** The most recent epoch; throws when none was recorded. */
  public EpochRecord last() {
    if (epochs.isEmpty()) {
      throw new IllegalStateException("The history is empty: no epoch has ended yet");
    }
    return epochs.get(epochs.size() - 1);
  }

  /** One metric across epochs, NaN where an epoch did not record it. */
  public double[] series(String metric) {
    return epochs.stream().mapToDouble(e -> e.metric(metric)).toArray();
  }
}

package dev.fitkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The epochs trained so far, oldest first. */
public final class History {
  private final List<EpochRecord> epochs = new ArrayList<>();

  /** Appends an epoch; the loop's history handler calls this once per epoch. */
  public void add(EpochRecord record) {
    epochs.add(record);
  }

  public List<EpochRecord> epochs() {
    return Collections.unmodifiableList(epochs);
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

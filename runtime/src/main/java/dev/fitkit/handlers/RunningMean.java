package dev.fitkit.handlers;

/** A mean over batches of different sizes, weighting each batch by its sample count. */
final class RunningMean {
  private double sum;
  private long count;

  void reset() {
    sum = 0;
    count = 0;
  }

  void add(double batchMean, long samples) {
    sum += batchMean * samples;
    count += samples;
  }

  double value() {
    return count == 0 ? Double.NaN : sum / count;
  }

  double sum() {
    return sum;
  }

  long count() {
    return count;
  }

  /** Continues a mean saved with {@link #sum()} and {@link #count()}. */
  void restore(double sum, long count) {
    this.sum = sum;
    this.count = count;
  }
}

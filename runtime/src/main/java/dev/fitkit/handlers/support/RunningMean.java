package dev.fitkit.handlers.support;

/** A mean over batches of different sizes, weighting each batch by its sample count. */
public final class RunningMean {
  private double sum;
  private long count;

  public void reset() {
    sum = 0;
    count = 0;
  }

  public void add(double batchMean, long samples) {
    sum += batchMean * samples;
    count += samples;
  }

  public double value() {
    return count == 0 ? Double.NaN : sum / count;
  }

  public double sum() {
    return sum;
  }

  public long count() {
    return count;
  }

  /** Continues a mean saved with {@link #sum()} and {@link #count()}. */
  public void restore(double sum, long count) {
    this.sum = sum;
    this.count = count;
  }
}

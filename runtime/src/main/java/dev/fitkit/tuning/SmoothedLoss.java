package dev.fitkit.tuning;

/**
 * An exponential moving average of batch losses with bias correction (fastai's {@code
 * smooth_loss}): {@code avg = beta * avg + (1 - beta) * loss}, read as {@code avg / (1 - beta^n)}
 * after {@code n} losses, so the first values are not pulled towards the zero it starts from. It
 * also keeps the lowest smoothed value seen, for the divergence rule.
 */
final class SmoothedLoss {
  private final double beta;
  private double average;
  private int count;
  private double value = Double.NaN;
  private double best = Double.POSITIVE_INFINITY;

  SmoothedLoss(double beta) {
    this.beta = beta;
  }

  /** Adds a batch's loss and returns the smoothed loss, that one included. */
  double add(double loss) {
    count++;
    average = beta * average + (1 - beta) * loss;
    value = average / (1 - Math.pow(beta, count));
    best = Math.min(best, value);
    return value;
  }

  /** The lowest smoothed loss so far. */
  double best() {
    return best;
  }

  /** Whether the latest smoothed loss exceeds {@code factor} times the best (fastai: 4). */
  boolean exceedsBest(double factor) {
    return value > factor * best;
  }
}

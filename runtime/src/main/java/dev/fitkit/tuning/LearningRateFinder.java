package dev.fitkit.tuning;

import ai.djl.training.dataset.Dataset;
import dev.fitkit.Budget;
import dev.fitkit.Estimator;
import dev.fitkit.FitResult;
import dev.fitkit.plot.LearningRatePlot;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learning-rate range test (Smith, 2015; fastai's and Lightning's {@code lr_find}): a short
 * training whose learning rate grows by a constant factor from batch to batch, from {@code start}
 * to {@code end}; the loss of each batch, smoothed, traces how training reacts to each rate. The
 * suggestion is the rate where the smoothed loss falls fastest.
 *
 * <pre>{@code
 * LearningRateFinder.Result found = LearningRateFinder.builder().build().run(estimator, train);
 * found.plot(Path.of("lr.png"));
 * estimator.fit(train, validation, 10);   // as if the test never ran
 * }</pre>
 *
 * <p>It runs as {@link Estimator#trial}: only the optimizer step and the test run (no other
 * handler, metric, validation, history or checkpoint), and afterwards the parameters, the
 * optimizer's state and the learning rate are back as they were, bit for bit. So the estimator
 * needs a {@code LearningRate} (given to the builder with the optimizer's, or the default Adam's),
 * an optimizer whose state can be saved (one of {@code dev.fitkit.optimizer}'s, such as the default
 * Adam) and one device. The suggestion is for that optimizer, as it was configured.
 *
 * <p>Batch {@code i} of {@code n} trains at {@code start * (end / start)^(i / (n - 1))}. Data with
 * fewer batches than that is gone through again, reshuffled when it shuffles. The loss is smoothed
 * with fastai's exponential average (factor 0.98) and bias correction; the test stops early once
 * the smoothed loss exceeds 4 times the lowest seen (fastai's divergence rule, which assumes a
 * positive loss), or at a loss that is not finite, which is not recorded.
 */
public final class LearningRateFinder {
  private static final Logger LOG = LoggerFactory.getLogger(LearningRateFinder.class);

  private final double start;
  private final double end;
  private final int batches;
  private final double smoothing;
  private final double divergence;
  private final int skipBegin;
  private final int skipEnd;

  private LearningRateFinder(Builder b) {
    this.start = b.start;
    this.end = b.end;
    this.batches = b.batches;
    this.smoothing = b.smoothing;
    this.divergence = b.divergence;
    this.skipBegin = b.skipBegin;
    this.skipEnd = b.skipEnd;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the range test on {@code estimator} over {@code train}, then puts the estimator back as it
   * was.
   *
   * @throws dev.fitkit.FitConfigurationException when the estimator has no {@code LearningRate}, an
   *     optimizer whose state cannot be saved, or several devices
   */
  public Result run(Estimator estimator, Dataset train) {
    if (estimator == null) {
      throw new IllegalArgumentException(
          "run needs the estimator to test: LearningRateFinder.builder().build().run(estimator,"
              + " train)");
    }
    if (train == null) {
      throw new IllegalArgumentException("run needs training data: a Dataset, as fit takes");
    }
    RangeTest test = new RangeTest(this);
    FitResult trial = estimator.trial(train, Budget.batches(batches), test);
    Result result = new Result(test.rates(), test.losses(), test.stopReason(), skipBegin, skipEnd);
    LOG.info(
        "Learning-rate range test: {} losses recorded, rates from {} to {}{}, {} over the data; {}",
        result.losses().size(),
        format(start),
        format(end),
        result.earlyStop().map(reason -> ", stopped early: " + reason).orElse(""),
        trial.epochs() == 1 ? "1 pass" : trial.epochs() + " passes",
        result.hasSuggestion()
            ? "suggested learning rate " + format(result.suggestion())
            : "too few points for a suggestion");
    return result;
  }

  /** The rate of the test's 0-based batch {@code index}. */
  double rateAt(long index) {
    return start * Math.pow(end / start, index / (double) (batches - 1));
  }

  double smoothing() {
    return smoothing;
  }

  double divergence() {
    return divergence;
  }

  /** A learning rate in logs and messages: three significant digits, e.g. "3.16e-03". */
  public static String format(double rate) {
    return String.format(Locale.ROOT, "%.2e", rate);
  }

  /** The curve a range test traced, and the rate it suggests. */
  public static final class Result {
    private final List<Double> learningRates;
    private final List<Double> losses;
    private final String stopReason;
    private final int skipBegin;
    private final int skipEnd;
    private final int suggestionIndex;

    Result(
        List<Double> learningRates,
        List<Double> losses,
        String stopReason,
        int skipBegin,
        int skipEnd) {
      this.learningRates = List.copyOf(learningRates);
      this.losses = List.copyOf(losses);
      this.stopReason = stopReason;
      this.skipBegin = skipBegin;
      this.skipEnd = skipEnd;
      this.suggestionIndex = SteepestDescent.of(losses, skipBegin, skipEnd);
    }

    /** The learning rate of each recorded batch, as the optimizer got it (a float). */
    public List<Double> learningRates() {
      return learningRates;
    }

    /** The smoothed loss after each recorded batch, one per learning rate. */
    public List<Double> losses() {
      return losses;
    }

    /** Why the test ended before its last batch (the loss diverged, or was not finite). */
    public Optional<String> earlyStop() {
      return Optional.ofNullable(stopReason);
    }

    /** Whether the curve is long enough for a suggestion; see {@link #suggestion()}. */
    public boolean hasSuggestion() {
      return suggestionIndex >= 0;
    }

    /**
     * The rate where the smoothed loss falls fastest against the log of the rate, the first {@code
     * skip} points and the last left out (Lightning's rule).
     *
     * @throws IllegalStateException when too few points remain for one
     */
    public double suggestion() {
      if (suggestionIndex < 0) {
        throw new IllegalStateException(
            "No suggested learning rate: the range test recorded "
                + losses.size()
                + " losses, and a suggestion needs 2 or more once the first "
                + skipBegin
                + " and the last "
                + skipEnd
                + " are left out"
                + earlyStop().map(reason -> " (it stopped early: " + reason + ")").orElse("")
                + ". Start from a lower rate, or skip fewer points with skip(begin, end).");
      }
      return learningRates.get(suggestionIndex);
    }

    /** The index of the suggestion in {@link #learningRates()}, or -1 when there is none. */
    public int suggestionIndex() {
      return suggestionIndex;
    }

    /**
     * Writes the curve as a PNG ({@link LearningRatePlot}, 900 x 600, the suggestion marked),
     * creating missing parent folders, and returns {@code png}.
     */
    public Path plot(Path png) {
      return LearningRatePlot.of(this).write(png);
    }
  }

  /** The test's settings; each default is fastai's or Lightning's. */
  public static final class Builder {
    private double start = 1e-7;
    private double end = 10;
    private int batches = 100;
    private double smoothing = 0.98;
    private double divergence = 4;
    private int skipBegin = 10;
    private int skipEnd = 1;

    private Builder() {}

    /** The first batch's learning rate; 1e-7 by default. */
    public Builder start(double rate) {
      this.start = rate("start", rate);
      return this;
    }

    /** The last batch's learning rate; 10 by default. */
    public Builder end(double rate) {
      this.end = rate("end", rate);
      return this;
    }

    /** How many batches the rate takes to go from start to end; 100 by default. */
    public Builder batches(int batches) {
      if (batches < 2) {
        throw new IllegalArgumentException(
            "batches needs 2 or more (the rate goes from start to end over them), got " + batches);
      }
      this.batches = batches;
      return this;
    }

    /** The smoothing factor of the loss's moving average, in [0, 1); 0.98 by default, 0: none. */
    public Builder smoothing(double beta) {
      if (!(beta >= 0 && beta < 1)) {
        throw new IllegalArgumentException(
            "smoothing needs a factor from 0 (no smoothing) up to, not including, 1; fastai's is"
                + " 0.98. Got "
                + beta);
      }
      this.smoothing = beta;
      return this;
    }

    /**
     * Stops once the smoothed loss exceeds {@code factor} times the lowest seen; 4 by default,
     * {@code Double.POSITIVE_INFINITY} never stops early.
     */
    public Builder divergence(double factor) {
      if (!(factor > 1)) {
        throw new IllegalArgumentException(
            "divergence needs a factor above 1 (fastai's is 4; Double.POSITIVE_INFINITY never"
                + " stops early), got "
                + factor);
      }
      this.divergence = factor;
      return this;
    }

    /**
     * How many of the curve's first and last points the suggestion leaves out; 10 and 1 by default,
     * as Lightning's: the average is still settling at the start, and the loss blowing up at the
     * end.
     */
    public Builder skip(int begin, int end) {
      if (begin < 0 || end < 0) {
        throw new IllegalArgumentException(
            "skip needs counts of 0 or more, got begin " + begin + " and end " + end);
      }
      this.skipBegin = begin;
      this.skipEnd = end;
      return this;
    }

    /**
     * @throws IllegalArgumentException when end is not above start, or the batches leave fewer than
     *     2 points for the suggestion
     */
    public LearningRateFinder build() {
      if (!(end > start)) {
        throw new IllegalArgumentException(
            "The range test's end rate ("
                + format(end)
                + ") must be above its start rate ("
                + format(start)
                + ")");
      }
      int needed = skipBegin + skipEnd + 2;
      if (batches < needed) {
        throw new IllegalArgumentException(
            "batches("
                + batches
                + ") leaves fewer than 2 points to suggest a rate from once the first "
                + skipBegin
                + " and the last "
                + skipEnd
                + " are left out: ask for "
                + needed
                + " batches or more, or skip fewer with skip(begin, end)");
      }
      return new LearningRateFinder(this);
    }

    private static double rate(String name, double rate) {
      // The optimizer takes a float: a rate beyond float's range would reach it as 0 or infinity.
      if (!(rate >= Float.MIN_NORMAL && rate <= Float.MAX_VALUE)) {
        throw new IllegalArgumentException(
            name + " needs a positive learning rate within float's range, got " + rate);
      }
      return rate;
    }
  }
}

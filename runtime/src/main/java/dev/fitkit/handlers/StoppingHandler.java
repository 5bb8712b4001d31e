package dev.fitkit.handlers;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.event.BatchEnd;
import dev.fitkit.event.EpochEnd;
import dev.fitkit.options.HandlerOptions;
import dev.fitkit.options.OptionSource;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * Stops training after a number of epochs and/or batches, whatever the fit's budget (Gluon's {@code
 * StoppingHandler}): e.g. a cap on a fit whose budget is set elsewhere. It counts the run's batches
 * and epochs, resumed ones included, so a resumed run stops where the whole run would have.
 *
 * <p>Through Guice: constants {@code fitkit.stopping.max-epochs} and {@code
 * fitkit.stopping.max-batches}.
 */
@FitHandler(id = StoppingHandler.ID, autoLoad = false)
public final class StoppingHandler {
  static final String ID = "fitkit.stopping";

  /** No limit on epochs or batches. */
  public static final long UNLIMITED = 0;

  private static final Set<String> OPTIONS = Set.of("max-epochs", "max-batches");

  private final long maxEpochs;
  private final long maxBatches;

  /**
   * @param maxEpochs epochs to train, or {@link #UNLIMITED}
   * @param maxBatches batches to train, or {@link #UNLIMITED}
   */
  public StoppingHandler(long maxEpochs, long maxBatches) {
    this.maxEpochs = limit("maxEpochs", maxEpochs);
    this.maxBatches = limit("maxBatches", maxBatches);
    if (maxEpochs == UNLIMITED && maxBatches == UNLIMITED) {
      throw new IllegalArgumentException(
          "A StoppingHandler without limits never stops: give maxEpochs, maxBatches or both");
    }
  }

  /** Reads {@code fitkit.stopping.max-epochs} and {@code fitkit.stopping.max-batches}. */
  @Inject
  StoppingHandler(OptionSource options) {
    this(limited(options.read(ID, OPTIONS)));
  }

  private StoppingHandler(HandlerOptions s) {
    this(s.whole("max-epochs", UNLIMITED), s.whole("max-batches", UNLIMITED));
  }

  private static HandlerOptions limited(HandlerOptions s) {
    if (!s.has("max-epochs") && !s.has("max-batches")) {
      throw s.missing(
          "max-epochs (or max-batches, or both)",
          "binder.bindConstant().annotatedWith(Names.named(\"fitkit.stopping.max-epochs\")).to(10)");
    }
    return s;
  }

  /** Stops after {@code n} epochs. */
  public static StoppingHandler maxEpochs(long n) {
    return new StoppingHandler(positive("maxEpochs", n), UNLIMITED);
  }

  /** Stops after {@code n} batches. */
  public static StoppingHandler maxBatches(long n) {
    return new StoppingHandler(UNLIMITED, positive("maxBatches", n));
  }

  private static long limit(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(
          name + " must be positive, or StoppingHandler.UNLIMITED (0) for no limit; got " + value);
    }
    return value;
  }

  private static long positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
    return value;
  }

  @OnBatchEnd
  void countBatch(BatchEnd event) {
    if (maxBatches != UNLIMITED && event.stepsCompleted() >= maxBatches) {
      event.requestStop("reached max batches " + maxBatches);
    }
  }

  @OnEpochEnd
  void countEpoch(EpochEnd event) {
    if (maxEpochs != UNLIMITED && event.epochsEnded() >= maxEpochs) {
      event.requestStop("reached max epochs " + maxEpochs);
    }
  }
}

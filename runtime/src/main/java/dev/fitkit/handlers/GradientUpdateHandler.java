package dev.fitkit.handlers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.Outcome;
import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchBegin;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.annotations.OnTrainBegin;
import dev.fitkit.annotations.OnTrainEnd;
import dev.fitkit.annotations.Priority;
import dev.fitkit.event.BatchBegin;
import dev.fitkit.event.BatchEnd;
import dev.fitkit.event.BeforeUpdate;
import dev.fitkit.event.EpochEnd;
import dev.fitkit.event.FitEvent;
import dev.fitkit.event.TrainBegin;
import dev.fitkit.event.TrainEnd;
import dev.fitkit.ndarray.Gradients;
import dev.fitkit.options.HandlerOptions;
import dev.fitkit.options.OptionSource;
import dev.fitkit.spi.StatefulHandler;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The optimizer step, first thing after backward (priority {@link Priority#GRADIENT_UPDATE}), so
 * later batch-end handlers see updated weights.
 *
 * <p>{@code new GradientUpdateHandler()}, the default, calls {@code trainer.step()} after every
 * training batch: one optimizer step per batch. {@link #builder()} adds options:
 *
 * <ul>
 *   <li>{@link Builder#accumulate(int) accumulate(n)}: gradient accumulation. The optimizer steps
 *       once every {@code n} batches, on the gradient of the group's mean loss: exactly the
 *       gradient one batch holding all the group's samples would give (batches are weighted by
 *       their size, so the smaller last batch of an epoch counts for what it holds; with equal
 *       batches this is a plain {@code 1/n}). A group never spans two epochs: what is left when an
 *       epoch ends (the epoch's batch count is not a multiple of {@code n}, a batch budget ran out,
 *       a handler asked to stop) is stepped at epoch end, before validation. Steps per epoch:
 *       {@code ceil(batches / n)}. Between steps, batch-end handlers see the weights of the last
 *       step. Learning rate schedules count optimizer steps, not batches.
 *   <li>{@link Builder#clipNorm(double) clipNorm(max)}: when the L2 norm over all gradients (as one
 *       vector) exceeds {@code max}, every gradient is scaled by {@code max / (norm + 1e-6)}, as
 *       PyTorch's {@code clip_grad_norm_}. With SGD, no parameter then moves further than {@code lr
 *       * max} in one step.
 *   <li>{@link Builder#clipValue(double) clipValue(max)}: every gradient element is clamped to
 *       {@code [-max, max]}.
 * </ul>
 *
 * Clipping applies to the gradient the optimizer gets, after accumulation; with both, the norm is
 * clipped first, then the values (Keras' order). {@link #steps()} counts the optimizer steps.
 *
 * <p>How DJL 0.36's PyTorch engine handles gradients, which this relies on: {@code backward} adds
 * into each parameter's gradient, so gradients of batches without a step in between add up; {@code
 * trainer.step()} updates the weights and then zeroes the gradients (the engine's SGD and Adam
 * updates, the only two it implements, end with {@code zeroGrad}; fitkit's RmsProp, Nag and Adagrad
 * apply their steps through the SGD update for that reason). A custom {@code Optimizer} that does
 * not zero them breaks the default handler and accumulation alike.
 *
 * <p>The options work on the gradients the model's parameters hold, which is every gradient on one
 * device. With several devices DJL keeps the other devices' gradients in its parameter store, out
 * of a handler's reach, so a fit with options on several devices fails at train begin. When a fit
 * fails, gradients not yet stepped are zeroed, so the next fit does not inherit them.
 *
 * <p>A checkpoint taken inside an accumulation group keeps the group's gradients and counts (its
 * state), so a run resumed from it steps on the same mean gradient as an uninterrupted one.
 */
@FitHandler(id = GradientUpdateHandler.ID, autoLoad = false)
public final class GradientUpdateHandler implements StatefulHandler<GradientUpdateHandler.State> {
  static final String ID = "fitkit.gradient-update";
  // PyTorch's clip_grad_norm_ adds this to the norm, so a clipped norm lands just under the
  // maximum.
  private static final double NORM_EPSILON = 1e-6;
  private static final NDIndex ALL = new NDIndex("...");

  private final int accumulate;
  private final double clipNorm;
  private final double clipValue;
  private int pendingBatches;
  private long pendingSamples;
  private long lastBatchSize;
  private long steps;
  private List<byte[]> restoredGradients;
  private double restoredScale = 1;
  // The open group's gradients as its last batch left them: a checkpoint saved after a later
  // batch's backward but before this handler took it (a failure) must not save that batch.
  private NDManager groupScope;
  private List<NDArray> group;

  /**
   * An accumulation group not yet stepped: its batch and sample counts and, when it holds batches,
   * each gradient's bytes (Base64), in the network's parameter order.
   */
  public record State(
      int pendingBatches, long pendingSamples, long lastBatchSize, List<String> gradients) {}

  /** One optimizer step after every batch, no clipping. */
  public GradientUpdateHandler() {
    this(1, 0, 0);
  }

  /**
   * For Guice and the built-in default: {@code fitkit.gradient-update.accumulate} (default 1),
   * {@code clip-norm} and {@code clip-value} (default 0, off).
   */
  @Inject
  GradientUpdateHandler(OptionSource source) {
    this(configured(source.read(ID, "accumulate", "clip-norm", "clip-value")));
  }

  private GradientUpdateHandler(GradientUpdateHandler configured) {
    this(configured.accumulate, configured.clipNorm, configured.clipValue);
  }

  private static GradientUpdateHandler configured(HandlerOptions o) {
    Builder b = builder().accumulate(o.integer("accumulate", 1));
    if (o.has("clip-norm")) {
      b.clipNorm(o.number("clip-norm", 0));
    }
    if (o.has("clip-value")) {
      b.clipValue(o.number("clip-value", 0));
    }
    return b.build();
  }

  private GradientUpdateHandler(int accumulate, double clipNorm, double clipValue) {
    this.accumulate = accumulate;
    this.clipNorm = clipNorm;
    this.clipValue = clipValue;
  }

  /** Options: accumulation, clipping by norm, clipping by value. */
  public static Builder builder() {
    return new Builder();
  }

  /** Optimizer steps taken in the running fit, or in the last one. */
  public long steps() {
    return steps;
  }

  @OnTrainBegin(priority = Priority.GRADIENT_UPDATE)
  void begin(TrainBegin event) {
    steps = 0;
    if (!event.resumed()) {
      clearPending();
    }
    if (hasOptions() && event.context().devices().size() > 1) {
      throw new FitConfigurationException(
          "GradientUpdateHandler("
              + this
              + ") works on one device, but the fit runs on "
              + event.context().devices()
              + ": DJL keeps the gradients of the other devices in its"
              + " parameter store, where no handler can clip or scale them. Train on one device"
              + " (.devices(Device.gpu(0))), or use new GradientUpdateHandler() without options.");
    }
  }

  @OnBatchBegin(priority = Priority.GRADIENT_UPDATE)
  void beforeBackward(BatchBegin event) {
    // Keep the invariant "gradient = (sum of size_i * g_i) / size of the latest batch", so the
    // coming backward, which adds its batch's mean gradient with weight 1, lands with its size.
    if (pendingBatches > 0) {
      long size = sizeOf(event.batch());
      if (size != lastBatchSize) {
        restoredScale = (double) lastBatchSize / size;
        Gradients.scale(event.trainer(), restoredScale);
      } else {
        restoredScale = 1;
      }
    }
  }

  @OnBatchEnd(priority = Priority.GRADIENT_UPDATE)
  void step(BatchEnd event) {
    if (restoredGradients != null) {
      // A resumed group: its saved gradients join this batch's, scaled as they would have been
      // before its backward. (Not before the backward: a gradient PyTorch has not allocated yet
      // cannot be written.) The sum is the same either way round.
      addRestored(event.trainer());
    }
    if (event.skipReason() != null) {
      // Not applied: its gradients, and those of the group it would have joined, are dropped.
      Gradients.zero(event.trainer());
      clearPending();
      event.updateHandled(true);
      return;
    }
    pendingBatches++;
    pendingSamples += event.batchSize();
    lastBatchSize = event.batchSize();
    if (pendingBatches >= accumulate) {
      applyStep(event);
    } else {
      keepGroup(event.trainer());
    }
    event.updateHandled(true);
  }

  @OnEpochEnd(priority = Priority.GRADIENT_UPDATE)
  void flush(EpochEnd event) {
    if (restoredGradients != null) {
      // Resumed at the epoch's end (its batches all trained before the checkpoint): the saved
      // group is all the gradient there is.
      restoredScale = 1;
      Gradients.allocate(event.trainer());
      addRestored(event.trainer());
    }
    if (pendingBatches > 0) {
      applyStep(event);
    }
  }

  // After the last checkpoint, which keeps a failed run's pending group to resume it.
  @OnTrainEnd(priority = Priority.CHECKPOINT + 1)
  void discard(TrainEnd event) {
    if (event.outcome() == Outcome.FAILED) {
      Gradients.zero(event.trainer());
    }
    clearPending();
  }

  private void applyStep(FitEvent event) {
    Trainer trainer = event.trainer();
    double factor = (double) lastBatchSize / pendingSamples; // 1 unless several batches are pending
    if (clipNorm > 0) {
      double norm = Gradients.globalNorm(trainer) * factor;
      if (norm > clipNorm) {
        factor *= clipNorm / (norm + NORM_EPSILON);
      }
    }
    if (factor != 1) {
      Gradients.scale(trainer, factor);
    }
    if (clipValue > 0) {
      Gradients.clipValue(trainer, clipValue);
    }
    event.context().publish(new BeforeUpdate(event.context(), pendingBatches));
    trainer.step();
    steps++;
    clearPending();
  }

  private void clearPending() {
    pendingBatches = 0;
    pendingSamples = 0;
    lastBatchSize = 0;
    restoredGradients = null;
    if (groupScope != null) {
      groupScope.close();
    }
    groupScope = null;
    group = null;
  }

  /** Copies the open group's gradients (on their device, in place after the first batch). */
  private void keepGroup(Trainer target) {
    try (NDManager scope = target.getManager().newSubManager()) {
      List<NDArray> gradients = Gradients.of(target, scope);
      if (group == null) {
        groupScope = target.getManager().newSubManager();
        group = new ArrayList<>();
        for (NDArray gradient : gradients) {
          NDArray copy = gradient.duplicate();
          copy.attach(groupScope);
          group.add(copy);
        }
      } else {
        for (int i = 0; i < gradients.size(); i++) {
          group.get(i).set(ALL, gradients.get(i));
        }
      }
    }
  }

  private void addRestored(Trainer target) {
    try {
      Gradients.add(target, restoredGradients, restoredScale);
    } catch (IllegalArgumentException e) {
      throw new FitConfigurationException(
          "The checkpoint's pending accumulation group does not fit this network ("
              + e.getMessage()
              + "): resume with the network the run was saved with.",
          e);
    } finally {
      restoredGradients = null;
    }
  }

  @Override
  public Class<State> stateType() {
    return State.class;
  }

  @Override
  public State saveState() {
    List<String> gradients = new ArrayList<>();
    Base64.Encoder base64 = Base64.getEncoder();
    if (pendingBatches > 0 && group != null) {
      group.forEach(copy -> gradients.add(base64.encodeToString(copy.toByteArray())));
    } else if (pendingBatches > 0 && restoredGradients != null) {
      restoredGradients.forEach(bytes -> gradients.add(base64.encodeToString(bytes)));
    }
    return new State(pendingBatches, pendingSamples, lastBatchSize, gradients);
  }

  @Override
  public void restoreState(State state) {
    pendingBatches = state.pendingBatches();
    pendingSamples = state.pendingSamples();
    lastBatchSize = state.lastBatchSize();
    List<String> gradients = state.gradients() == null ? List.of() : state.gradients();
    restoredGradients =
        gradients.isEmpty() ? null : gradients.stream().map(Base64.getDecoder()::decode).toList();
  }

  private boolean hasOptions() {
    return accumulate > 1 || clipNorm > 0 || clipValue > 0;
  }

  private static long sizeOf(Batch batch) {
    return batch.getData().head().getShape().get(0);
  }

  /** The options, e.g. {@code "accumulate 4 batches, clip norm 1.0"}. */
  @Override
  public String toString() {
    List<String> options = new ArrayList<>();
    if (accumulate > 1) {
      options.add("accumulate " + accumulate + " batches");
    }
    if (clipNorm > 0) {
      options.add("clip norm " + clipNorm);
    }
    if (clipValue > 0) {
      options.add("clip value " + clipValue);
    }
    return options.isEmpty() ? "step every batch" : String.join(", ", options);
  }

  /** Options of the gradient step; each is off until set. */
  public static final class Builder {
    private int accumulate = 1;
    private double clipNorm;
    private double clipValue;

    private Builder() {}

    /** Steps once every {@code batches} batches, on their accumulated mean gradient. */
    public Builder accumulate(int batches) {
      if (batches < 1) {
        throw new IllegalArgumentException(
            "accumulate needs a positive number of batches (1: step every batch), got " + batches);
      }
      this.accumulate = batches;
      return this;
    }

    /** Scales the gradients down when their global L2 norm exceeds {@code maxNorm}. */
    public Builder clipNorm(double maxNorm) {
      this.clipNorm = positive("clipNorm", maxNorm);
      return this;
    }

    /** Clamps each gradient element to {@code [-maxValue, maxValue]}. */
    public Builder clipValue(double maxValue) {
      this.clipValue = positive("clipValue", maxValue);
      return this;
    }

    public GradientUpdateHandler build() {
      return new GradientUpdateHandler(accumulate, clipNorm, clipValue);
    }

    private static double positive(String option, double value) {
      if (!(value > 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT, "%s needs a positive, finite maximum, got %s", option, value));
      }
      return value;
    }
  }
}

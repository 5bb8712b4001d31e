package dev.fitkit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code Estimator.predict} returns: the network's outputs for every batch, held in a memory
 * manager of their own until {@link #close()}. For data whose outputs do not fit in memory, use
 * {@code predictEach} with a handler that writes them (such as {@code PredictionWriter}).
 */
public final class Predictions implements AutoCloseable {
  private final NDManager manager;
  private final List<NDList> batches = new ArrayList<>();
  private long samples;
  private Duration duration = Duration.ZERO;

  /** An empty set of outputs whose arrays {@code manager} will hold. */
  Predictions(NDManager manager) {
    this.manager = manager;
  }

  /** Keeps a copy of one batch's outputs. */
  void add(NDList outputs) {
    NDList kept = new NDList(outputs.size());
    for (NDArray output : outputs) {
      NDArray copy = output.duplicate();
      copy.attach(manager);
      kept.add(copy);
    }
    batches.add(kept);
    samples += outputs.head().getShape().get(0);
  }

  /** Sets the time the pass took. */
  void duration(Duration duration) {
    this.duration = duration;
  }

  /** Each batch's outputs, in the data's order. */
  public List<NDList> batches() {
    return List.copyOf(batches);
  }

  /** Output {@code index} of every sample, the batches joined along axis 0. */
  public NDArray output(int index) {
    if (batches.isEmpty()) {
      throw new IllegalStateException("No batch was predicted");
    }
    if (index < 0 || index >= batches.get(0).size()) {
      throw new IndexOutOfBoundsException(
          "The network has " + batches.get(0).size() + " outputs; there is no output " + index);
    }
    NDList parts = new NDList(batches.size());
    batches.forEach(batch -> parts.add(batch.get(index)));
    NDArray joined = parts.size() == 1 ? parts.head().duplicate() : NDArrays.concat(parts, 0);
    joined.attach(manager);
    return joined;
  }

  /** Samples predicted. */
  public long samples() {
    return samples;
  }

  /** Wall-clock time of the pass. */
  public Duration duration() {
    return duration;
  }

  @Override
  public void close() {
    manager.close();
  }
}

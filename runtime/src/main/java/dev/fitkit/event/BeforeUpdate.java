package dev.fitkit.event;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.fitkit.ndarray.Gradients;
import java.util.List;

/**
 * Fired by the gradient step just before the optimizer updates the parameters, once the gradients
 * it applies are complete (a whole accumulation group). Handlers may read and change them in place
 * here: clipping, scaling, logging norms. It comes after the gradient step's own options
 * (accumulation weighting, {@code clipNorm}, {@code clipValue}); a batch the step skips, or one
 * that only joins an accumulation group, fires none; a partial group stepped at epoch end fires one
 * there.
 */
public final class BeforeUpdate extends FitEvent {
  private final int batchesAccumulated;

  public BeforeUpdate(FitContext context, int batchesAccumulated) {
    super(context);
    this.batchesAccumulated = batchesAccumulated;
  }

  /** How many batches' gradients this step applies: 1 without accumulation. */
  public int batchesAccumulated() {
    return batchesAccumulated;
  }

  /**
   * Handles on the gradients the step will apply, one per trainable parameter, owned by {@code
   * scope}: close it when done, so the handles do not pile up batch after batch.
   */
  public List<NDArray> gradients(NDManager scope) {
    return Gradients.of(trainer(), scope);
  }

  /** Their global L2 norm, as {@code clip_grad_norm_} computes it. */
  public double globalNorm() {
    return Gradients.globalNorm(trainer());
  }

  /** Multiplies every gradient by {@code factor}, in place. */
  public void scale(double factor) {
    Gradients.scale(trainer(), factor);
  }

  /** Clamps every gradient element to {@code [-max, max]}, in place. */
  public void clipValue(double max) {
    Gradients.clipValue(trainer(), max);
  }
}

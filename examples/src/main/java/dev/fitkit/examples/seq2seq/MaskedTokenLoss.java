package dev.fitkit.examples.seq2seq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;
import dev.fitkit.examples.nets.SequenceMask;

/**
 * Softmax cross entropy per target token that ignores padding: a loss fed with an extra input, the
 * targets' valid lengths. Labels: targets (B, T) ids and valid lengths (B); predictions: logits (B,
 * T, V). Result: the mean over the valid tokens of the batch, so padded steps add nothing and long
 * sequences weigh by their token count.
 */
public final class MaskedTokenLoss extends Loss {

  public MaskedTokenLoss() {
    super("MaskedTokenLoss");
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray logits = predictions.head();
    NDArray targets = labels.get(0);
    long vocabulary = logits.getShape().get(2);
    NDArray mask = SequenceMask.mask(labels.get(1), targets.getShape().get(1));
    NDArray picked =
        logits
            .logSoftmax(2)
            .mul(targets.toType(DataType.INT64, false).oneHot((int) vocabulary))
            .sum(new int[] {2});
    return picked.mul(mask).sum().neg().div(mask.sum());
  }
}

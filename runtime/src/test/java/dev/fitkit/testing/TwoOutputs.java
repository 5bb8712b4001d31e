package dev.fitkit.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.loss.Loss;
import java.util.List;

/** A network with two heads, whose outputs come back as two arrays. */
public final class TwoOutputs {
  private TwoOutputs() {}

  public static Block block() {
    return new ParallelBlock(
        outputs -> new NDList(outputs.get(0).singletonOrThrow(), outputs.get(1).singletonOrThrow()),
        List.of(Linear.builder().setUnits(3).build(), Linear.builder().setUnits(3).build()));
  }

  /** A loss that scores the first head only, as a multi-output network's own loss might. */
  public static Loss firstHeadLoss() {
    Loss softmax = Loss.softmaxCrossEntropyLoss();
    return new Loss("FirstHeadLoss") {
      @Override
      public NDArray evaluate(NDList labels, NDList predictions) {
        return softmax.evaluate(labels, new NDList(predictions.head()));
      }
    };
  }
}

package dev.fitkit.testing;

import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnBatchBegin;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.annotations.OnTrainEnd;
import dev.fitkit.event.BatchBegin;
import dev.fitkit.event.BatchEnd;
import dev.fitkit.event.TrainEnd;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies every parameter of the model to the host, as one flat vector: before each batch (the model
 * is initialized by then), after each batch (at the default priority, so after the optimizer step)
 * and at train end.
 */
@FitHandler(id = "test.parameter-snapshots", autoLoad = false)
public final class ParameterSnapshots {
  public final List<float[]> beforeBatch = new ArrayList<>();
  public final List<float[]> afterBatch = new ArrayList<>();
  public float[] atEnd;

  @OnBatchBegin
  void before(BatchBegin e) {
    beforeBatch.add(flat(e.trainer()));
  }

  @OnBatchEnd
  void after(BatchEnd e) {
    afterBatch.add(flat(e.trainer()));
  }

  @OnTrainEnd
  void end(TrainEnd e) {
    atEnd = flat(e.trainer());
  }

  public float[] first() {
    return beforeBatch.get(0);
  }

  /** Every parameter, in the block's order, end to end. */
  public static float[] flat(Trainer trainer) {
    List<float[]> parts = new ArrayList<>();
    int length = 0;
    for (Parameter parameter : trainer.getModel().getBlock().getParameters().values()) {
      float[] values = parameter.getArray().toFloatArray();
      parts.add(values);
      length += values.length;
    }
    float[] all = new float[length];
    int at = 0;
    for (float[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }
}

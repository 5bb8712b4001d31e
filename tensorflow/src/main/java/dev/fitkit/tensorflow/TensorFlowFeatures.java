package dev.fitkit.tensorflow;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A frozen TensorFlow SavedModel signature as a block of a network on another engine: transfer
 * learning, a TensorFlow feature extractor feeding a head that {@code Estimator.fit} trains on
 * PyTorch. It has no parameters of its own (the TensorFlow graph's variables stay in TensorFlow and
 * are not trained), and its outputs carry no gradient back into it.
 */
public final class TensorFlowFeatures extends AbstractBlock {
  private final TensorFlowSavedModel model;
  private final Map<String, Shape[]> outputShapes = new HashMap<>();

  public TensorFlowFeatures(TensorFlowSavedModel model) {
    this.model = model;
  }

  /** The signature it runs. */
  public TensorFlowSavedModel model() {
    return model;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    return model.run(inputs, inputs.head().getManager());
  }

  /** The signature's output shapes for these inputs, found by running it once on zeros. */
  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return outputShapes
        .computeIfAbsent(Arrays.toString(inputShapes), key -> probe(inputShapes))
        .clone();
  }

  private Shape[] probe(Shape[] inputShapes) {
    try (NDManager scratch = NDManager.newBaseManager("TensorFlow")) {
      NDList zeros = new NDList();
      for (Shape shape : inputShapes) {
        zeros.add(scratch.zeros(shape, DataType.FLOAT32));
      }
      return model.run(zeros, scratch).getShapes();
    }
  }

  @Override
  public String toString() {
    return "TensorFlowFeatures(" + model.folder() + ", " + model.signature() + ")";
  }
}

package dev.fitkit.tensorflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * What a {@link TrainableGraph.Network} builds with: TensorFlow's graph API ({@link #tf()}) and
 * trainable variables, each with its initial value. Variables made here are the ones the graph's
 * optimizer updates and its checkpoints save; their initial values come from the builder's seed, so
 * an export is the same every time.
 */
public final class GraphScope {
  /** The names of the operations TrainableGraph adds around the network. */
  private static final List<String> RESERVED =
      List.of(
          "x",
          "y",
          "learning_rate",
          "train_loss",
          "train_outputs",
          "save_prefix",
          "restore_prefix",
          "saved",
          "restored",
          "adam_beta1_power",
          "adam_beta2_power");

  private final Ops tf;
  private final Random random;
  private final List<TrainableGraph.Slot> variables = new ArrayList<>();
  private Operand<TFloat32> features;

  GraphScope(Ops tf, long seed) {
    this.tf = tf;
    this.random = new Random(seed);
  }

  /** TensorFlow's graph operations, e.g. {@code tf().nn.relu(x)}. */
  public Ops tf() {
    return tf;
  }

  /**
   * A trainable float variable of {@code shape} starting at {@code initial} (row-major), named
   * {@code name} (unique in the graph).
   */
  public Variable<TFloat32> variable(String name, float[] initial, long... shape) {
    long size = 1;
    for (long dimension : shape) {
      size *= dimension;
    }
    if (initial.length != size) {
      throw new IllegalArgumentException(
          "Variable "
              + name
              + " of shape "
              + Shape.of(shape)
              + " needs "
              + size
              + " initial values, got "
              + initial.length);
    }
    if (variables.stream().anyMatch(v -> v.name().equals(name))) {
      throw new IllegalArgumentException("The graph already has a variable named " + name);
    }
    if (RESERVED.contains(name) || name.endsWith("_adam_m") || name.endsWith("_adam_v")) {
      throw new IllegalArgumentException(
          "The variable name "
              + name
              + " is one TrainableGraph gives its own operations ("
              + String.join(", ", RESERVED)
              + ", and names ending in _adam_m or _adam_v): choose another");
    }
    Variable<TFloat32> variable = tf.withName(name).variable(Shape.of(shape), TFloat32.class);
    variables.add(new TrainableGraph.Slot(name, variable, initial.clone(), Shape.of(shape)));
    return variable;
  }

  /**
   * A fully connected layer {@code in W + b} with {@code units} outputs: {@code W} starts
   * Glorot-uniform (as Keras' {@code Dense}), {@code b} at zero. {@code in} must be (batch,
   * features) with a known feature count.
   */
  public Operand<TFloat32> dense(String name, Operand<TFloat32> in, int units) {
    Shape shape = in.shape();
    if (shape.numDimensions() != 2 || shape.size(1) < 1) {
      throw new IllegalArgumentException(
          "dense " + name + " needs (batch, features) input with known features, got " + shape);
    }
    int features = Math.toIntExact(shape.size(1));
    float limit = (float) Math.sqrt(6.0 / (features + units));
    float[] weights = new float[features * units];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (random.nextFloat() * 2 - 1) * limit;
    }
    Variable<TFloat32> w = variable(name + "_w", weights, features, units);
    Variable<TFloat32> b = variable(name + "_b", new float[units], units);
    return tf.math.add(tf.linalg.matMul(in, w), b);
  }

  /**
   * Exports {@code features} (e.g. the last hidden layer) under a signature {@code features}, x to
   * {@code features}: what {@code TensorFlowSavedModel.load(folder, "features")} feeds a head on
   * another engine after the graph was trained.
   */
  public Operand<TFloat32> features(Operand<TFloat32> features) {
    this.features = features;
    return features;
  }

  Operand<TFloat32> features() {
    return features;
  }

  List<TrainableGraph.Slot> variables() {
    return variables;
  }

  /** A constant of {@code values} in {@code shape}, to initialize a variable. */
  Operand<TFloat32> constant(float[] values, Shape shape) {
    return tf.constant(shape, DataBuffers.of(values, true, false));
  }
}

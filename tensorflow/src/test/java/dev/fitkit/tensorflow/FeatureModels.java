package dev.fitkit.tensorflow;

import java.io.IOException;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * SavedModels the tests load, built in Java with TensorFlow's own graph API (the classes DJL's
 * TensorFlow engine bundles): {@code features = relu(x W + b)} under the signature {@code
 * features}.
 */
final class FeatureModels {
  private FeatureModels() {}

  static Path export(Path folder, float[][] weights, float[] bias) throws IOException {
    TensorFlowNatives.engine(); // the natives, before the first graph
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x =
          tf.withName("x")
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, weights.length)));
      Variable<TFloat32> w = tf.withName("w").variable(tf.constant(weights));
      Variable<TFloat32> b = tf.withName("b").variable(tf.constant(bias));
      var features = tf.withName("features").nn.relu(tf.math.add(tf.linalg.matMul(x, w), b));
      session.initialize();
      SavedModelBundle.exporter(folder.toString())
          .withSession(session)
          .withSignature(
              Signature.builder()
                  .key("features")
                  .input("x", x)
                  .output("features", features)
                  .build())
          .export();
    }
    return folder;
  }

  /** Ways a hand-exported SavedModel can break the signature conventions fitkit calls it by. */
  enum Broken {
    TRAIN_WITHOUT_LOSS,
    TRAIN_WITHOUT_LEARNING_RATE,
    EVAL_WITHOUT_LOSS,
    SAVE_WITH_TWO_INPUTS
  }

  /**
   * {@code serving_default}: x to {@code outputs = x W}, plus the one signature {@code broken}
   * breaks.
   */
  static Path exportBroken(Path folder, Broken broken) throws IOException {
    TensorFlowNatives.engine();
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x =
          tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 2)));
      Placeholder<TFloat32> y =
          tf.withName("y").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 1)));
      Placeholder<TFloat32> rate =
          tf.withName("learning_rate")
              .placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      Placeholder<TString> prefix =
          tf.withName("prefix").placeholder(TString.class, Placeholder.shape(Shape.scalar()));
      Variable<TFloat32> w = tf.withName("w").variable(tf.constant(new float[][] {{1}, {2}}));
      var outputs = tf.withName("outputs").linalg.matMul(x, w);
      var loss =
          tf.withName("loss").math.mean(tf.math.squaredDifference(outputs, y), tf.constant(0));
      session.initialize();
      Signature.Builder signature =
          switch (broken) {
            case TRAIN_WITHOUT_LOSS ->
                Signature.builder()
                    .key("train")
                    .input("x", x)
                    .input("y", y)
                    .input("learning_rate", rate)
                    .output("outputs", outputs);
            case TRAIN_WITHOUT_LEARNING_RATE ->
                Signature.builder()
                    .key("train")
                    .input("x", x)
                    .input("y", y)
                    .output("loss", loss)
                    .output("outputs", outputs);
            case EVAL_WITHOUT_LOSS ->
                Signature.builder().key("eval").input("x", x).input("y", y).output("out", outputs);
            case SAVE_WITH_TWO_INPUTS ->
                Signature.builder()
                    .key("save")
                    .input("prefix", prefix)
                    .input("x", x)
                    .output("outputs", outputs);
          };
      SavedModelBundle.exporter(folder.toString())
          .withSession(session)
          .withSignature(
              Signature.builder()
                  .key("serving_default")
                  .input("x", x)
                  .output("outputs", outputs)
                  .build())
          .withSignature(signature.build())
          .export();
    }
    return folder;
  }
}

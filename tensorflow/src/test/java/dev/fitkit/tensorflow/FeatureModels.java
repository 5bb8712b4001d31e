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
}

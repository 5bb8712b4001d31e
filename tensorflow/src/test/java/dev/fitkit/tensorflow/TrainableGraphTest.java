package dev.fitkit.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.fitkit.graph.GraphNetwork.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SavedModels {@link TrainableGraph} exports: their signatures, and each one's values checked
 * against a computation by hand on a linear network {@code x W + b}, W = (1, 2), b = 0.5.
 */
class TrainableGraphTest {
  private static final float[][] X = {{1, 1}, {2, 0}};
  private static final float[] Y = {3, 2};
  @TempDir Path work;

  @BeforeAll
  static void natives() {
    GraphTrainingTest.natives();
  }

  private Path linear(String name, TrainableGraph.Optimizer optimizer) {
    return TrainableGraph.builder()
        .inputShape(2)
        .network(
            (g, x) ->
                g.tf()
                    .math
                    .add(
                        g.tf().linalg.matMul(x, g.variable("w", new float[] {1, 2}, 2, 1)),
                        g.variable("b", new float[] {0.5f}, 1)))
        .loss(TrainableGraph.Loss.l2())
        .optimizer(optimizer)
        .export(work.resolve(name));
  }

  @Test
  void theExportHasTheFiveSignatures() {
    try (TensorFlowGraph graph =
        TensorFlowGraph.load(linear("sgd", TrainableGraph.Optimizer.sgd()))) {
      assertEquals(
          List.of("eval", "restore", "save", "serving_default", "train"), graph.signatures());
      assertEquals(true, graph.trainable());
      assertEquals(true, graph.computesLoss());
    }
  }

  @Test
  void servingEvalAndOneSgdStepGiveTheValuesComputedByHand() {
    try (TensorFlowGraph graph =
            TensorFlowGraph.load(linear("sgd", TrainableGraph.Optimizer.sgd()));
        NDManager arrays = graph.model().getNDManager().newSubManager()) {
      NDList x = new NDList(arrays.create(X));
      NDList y = new NDList(arrays.create(Y));
      assertArrayEquals(new float[] {3.5f, 2.5f}, graph.predict(x, arrays).head().toFloatArray());
      Step eval = graph.evaluate(x, y, arrays);
      assertEquals(0.125f, eval.loss().getFloat()); // 0.5 * mean(0.5^2, 0.5^2)
      assertArrayEquals(new float[] {3.5f, 2.5f}, eval.outputs().head().toFloatArray());

      // d loss / d outputs = 0.25 each: dW = x^T (0.25, 0.25) = (0.75, 0.25), db = 0.5.
      Step step = graph.train(x, y, 0.1f, arrays);
      assertEquals(0.125f, step.loss().getFloat(), "the loss before the step");
      assertArrayEquals(new float[] {3.5f, 2.5f}, step.outputs().head().toFloatArray());
      // W = (0.925, 1.975), b = 0.45
      assertArrayEquals(
          new float[] {3.35f, 2.3f}, graph.predict(x, arrays).head().toFloatArray(), 1e-6f);
    }
  }

  @Test
  void adamsFirstStepMovesEachWeightByTheLearningRate() {
    // Adam's first step is lr * g / (|g| + eps'), i.e. lr against the gradient's sign.
    try (TensorFlowGraph graph =
            TensorFlowGraph.load(linear("adam", TrainableGraph.Optimizer.adam()));
        NDManager arrays = graph.model().getNDManager().newSubManager()) {
      NDList x = new NDList(arrays.create(X));
      graph.train(x, new NDList(arrays.create(Y)), 0.01f, arrays);
      // W = (0.99, 1.99), b = 0.49: outputs (3.47, 2.47)
      assertArrayEquals(
          new float[] {3.47f, 2.47f}, graph.predict(x, arrays).head().toFloatArray(), 1e-5f);
    }
  }

  @Test
  void savedVariablesPutTheWeightsAndTheOptimizerStateBack() {
    try (TensorFlowGraph graph =
            TensorFlowGraph.load(linear("adam", TrainableGraph.Optimizer.adam()));
        NDManager arrays = graph.model().getNDManager().newSubManager()) {
      NDList x = new NDList(arrays.create(X));
      NDList y = new NDList(arrays.create(Y));
      graph.train(x, y, 0.01f, arrays);
      byte[] saved = graph.saveVariables();
      graph.train(x, y, 0.01f, arrays);
      float[] afterTwo = graph.predict(x, arrays).head().toFloatArray();
      graph.train(x, y, 0.01f, arrays);
      graph.restoreVariables(saved);
      graph.train(x, y, 0.01f, arrays);
      // Moments and powers of the betas came back too, or the second step would differ.
      assertArrayEquals(afterTwo, graph.predict(x, arrays).head().toFloatArray());
    }
  }

  @Test
  void bytesThatAreNotItsVariablesAreRefusedAndChangeNothing() throws IOException {
    try (TensorFlowGraph graph =
            TensorFlowGraph.load(linear("sgd", TrainableGraph.Optimizer.sgd()));
        TensorFlowGraph other = TensorFlowGraph.load(mlp());
        NDManager arrays = graph.model().getNDManager().newSubManager()) {
      NDList x = new NDList(arrays.create(X));
      float[] before = graph.predict(x, arrays).head().toFloatArray();
      IllegalArgumentException notOurs =
          assertThrows(
              IllegalArgumentException.class,
              () -> graph.restoreVariables(new byte[] {1, 2, 3, 4, 5}));
      assertEquals(
          "The saved bytes are not a TensorFlow graph's variables (they may be a DJL network's"
              + " parameters)",
          notOurs.getMessage());
      assertEquals(
          "The saved variables name a bad file: ../variables.index",
          assertThrows(
                  IllegalArgumentException.class,
                  () -> graph.restoreVariables(packed("../variables.index", 4)))
              .getMessage());
      assertEquals(
          "The saved variables are corrupt: variables.index has -1 bytes",
          assertThrows(
                  IllegalArgumentException.class,
                  () -> graph.restoreVariables(packed("variables.index", -1)))
              .getMessage());
      byte[] saved = graph.saveVariables();
      byte[] truncated = java.util.Arrays.copyOf(saved, saved.length - 10);
      IllegalArgumentException shortened =
          assertThrows(IllegalArgumentException.class, () -> graph.restoreVariables(truncated));
      assertEquals(
          true,
          shortened.getMessage().startsWith("The saved variables are truncated"),
          shortened.getMessage());
      IllegalArgumentException foreign =
          assertThrows(IllegalArgumentException.class, () -> other.restoreVariables(saved));
      assertEquals(
          true,
          foreign
              .getMessage()
              .startsWith("TensorFlow cannot restore the saved variables into this graph: "),
          foreign.getMessage());
      assertArrayEquals(before, graph.predict(x, arrays).head().toFloatArray());
    }
  }

  @Test
  void variablesOfTheSameNamesButOtherShapesAreRefusedBeforeAnyIsAssigned() {
    Path wider =
        TrainableGraph.builder()
            .inputShape(3)
            .network(
                (g, x) ->
                    g.tf()
                        .math
                        .add(
                            g.tf().linalg.matMul(x, g.variable("w", new float[] {1, 2, 3}, 3, 1)),
                            g.variable("b", new float[] {0.5f}, 1)))
            .loss(TrainableGraph.Loss.l2())
            .optimizer(TrainableGraph.Optimizer.adam())
            .export(work.resolve("wider"));
    try (TensorFlowGraph graph =
            TensorFlowGraph.load(linear("adam", TrainableGraph.Optimizer.adam()));
        TensorFlowGraph other = TensorFlowGraph.load(wider);
        NDManager arrays = graph.model().getNDManager().newSubManager()) {
      // A step moves b and the powers of the betas, whose shapes the two graphs share.
      graph.train(new NDList(arrays.create(X)), new NDList(arrays.create(Y)), 0.01f, arrays);
      byte[] saved = graph.saveVariables();
      byte[] before = other.saveVariables();
      IllegalArgumentException refused =
          assertThrows(IllegalArgumentException.class, () -> other.restoreVariables(saved));
      assertEquals(
          true,
          refused
              .getMessage()
              .startsWith("TensorFlow cannot restore the saved variables into this graph: "),
          refused.getMessage());
      assertArrayEquals(before, other.saveVariables(), "no variable of the graph changed");
    }
  }

  /** Packed variables of one file, {@code name}, announcing {@code length} bytes (zeros). */
  private static byte[] packed(String name, int length) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
      out.writeInt(0x7446_7631);
      out.writeInt(1);
      out.writeUTF(name);
      out.writeInt(length);
      out.write(new byte[Math.max(length, 0)]);
    }
    return bytes.toByteArray();
  }

  private Path mlp() {
    return GraphTrainingTest.mlp(work.resolve("mlp"));
  }

  @Test
  void aTrainedGraphSavedAsASavedModelLoadsWithItsTrainedValuesAndItsFeatures() throws IOException {
    Path folder =
        TrainableGraph.builder()
            .inputShape(2)
            .network(
                (g, x) ->
                    g.tf()
                        .math
                        .add(
                            g.features(
                                g.tf().linalg.matMul(x, g.variable("w", new float[] {1, 2}, 2, 1))),
                            g.variable("b", new float[] {0.5f}, 1)))
            .loss(TrainableGraph.Loss.l2())
            .optimizer(TrainableGraph.Optimizer.sgd())
            .export(work.resolve("with-features"));
    Files.writeString(Files.createDirectories(folder.resolve("assets")).resolve("vocab.txt"), "a");
    Path trained = work.resolve("trained");
    float[] outputs;
    try (TensorFlowGraph graph = TensorFlowGraph.load(folder);
        NDManager arrays = graph.model().getNDManager().newSubManager()) {
      assertEquals(
          List.of("eval", "features", "restore", "save", "serving_default", "train"),
          graph.signatures());
      NDList x = new NDList(arrays.create(X));
      graph.train(x, new NDList(arrays.create(Y)), 0.1f, arrays);
      outputs = graph.predict(x, arrays).head().toFloatArray();
      assertEquals(trained, graph.saveTo(trained));
      IllegalArgumentException again =
          assertThrows(IllegalArgumentException.class, () -> graph.saveTo(trained));
      assertEquals(
          "saveTo writes into an empty folder, but " + trained + " has files", again.getMessage());
    }
    try (TensorFlowGraph reloaded = TensorFlowGraph.load(trained);
        TensorFlowSavedModel features = TensorFlowSavedModel.load(trained, "features");
        NDManager arrays = reloaded.model().getNDManager().newSubManager()) {
      NDList x = new NDList(arrays.create(X));
      assertArrayEquals(outputs, reloaded.predict(x, arrays).head().toFloatArray());
      // W = (0.925, 1.975) after the step: x W without the bias
      assertArrayEquals(
          new float[] {2.9f, 1.85f}, features.run(x, arrays).head().toFloatArray(), 1e-6f);
    }
    assertEquals("a", Files.readString(trained.resolve("assets").resolve("vocab.txt")));
  }

  @Test
  void aSaveToThatFailsLeavesNoPartialSavedModel() throws IOException {
    Path folder = linear("broken-asset", TrainableGraph.Optimizer.sgd());
    // An asset that cannot be read, as on a disk that lost it.
    Files.createSymbolicLink(
        Files.createDirectories(folder.resolve("assets")).resolve("lost.txt"),
        work.resolve("nowhere"));
    Path target = work.resolve("saved").resolve("model");
    try (TensorFlowGraph graph = TensorFlowGraph.load(folder)) {
      java.io.UncheckedIOException e =
          assertThrows(java.io.UncheckedIOException.class, () -> graph.saveTo(target));
      assertEquals(
          true,
          e.getMessage().startsWith("Cannot write the SavedModel to " + target + ": "),
          e.getMessage());
      try (var left = Files.list(target.getParent())) {
        assertEquals(List.of(), left.toList(), "no SavedModel, whole or partial");
      }
    }
  }

  @Test
  void theBuilderSaysWhatIsMissingOrWrong() throws IOException {
    IllegalStateException missing =
        assertThrows(
            IllegalStateException.class,
            () -> TrainableGraph.builder().inputShape(2).export(work.resolve("m")));
    assertEquals(
        "TrainableGraph needs .inputShape(...), .network(...) and .loss(...)",
        missing.getMessage());

    Path used = Files.createDirectories(work.resolve("used"));
    Files.writeString(used.resolve("file"), "x");
    IllegalArgumentException notEmpty =
        assertThrows(IllegalArgumentException.class, () -> linearInto(used));
    assertEquals(
        "TrainableGraph exports into an empty folder, but " + used + " has files",
        notEmpty.getMessage());

    IllegalArgumentException size =
        assertThrows(
            IllegalArgumentException.class,
            () -> export((g, x) -> g.variable("w", new float[] {1, 2, 3}, 2, 1), "size"));
    assertEquals("Variable w of shape [2, 1] needs 2 initial values, got 3", size.getMessage());

    IllegalArgumentException twice =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                export(
                    (g, x) -> {
                      g.variable("w", new float[] {1}, 1);
                      return g.variable("w", new float[] {1}, 1);
                    },
                    "twice"));
    assertEquals("The graph already has a variable named w", twice.getMessage());
    String reserved =
        " is one TrainableGraph gives its own operations (x, y, learning_rate, train_loss,"
            + " train_outputs, save_prefix, restore_prefix, saved, restored, adam_beta1_power,"
            + " adam_beta2_power, and names ending in _adam_m or _adam_v): choose another";
    for (String name : List.of("learning_rate", "w_adam_v")) {
      IllegalArgumentException taken =
          assertThrows(
              IllegalArgumentException.class,
              () -> export((g, x) -> g.variable(name, new float[] {1}, 1), "taken-" + name));
      assertEquals("The variable name " + name + reserved, taken.getMessage());
    }

    IllegalArgumentException dense =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TrainableGraph.builder()
                    .inputShape(2, 2)
                    .network((g, x) -> g.dense("d", x, 3))
                    .loss(TrainableGraph.Loss.l2())
                    .export(work.resolve("dense")));
    assertEquals(
        "dense d needs (batch, features) input with known features, got [-1, 2, 2]",
        dense.getMessage());

    IllegalStateException none =
        assertThrows(
            IllegalStateException.class, () -> export((g, x) -> g.tf().identity(x), "none"));
    assertEquals(
        "The network has no variables: make them with GraphScope.variable or dense",
        none.getMessage());
  }

  private void linearInto(Path folder) {
    TrainableGraph.builder()
        .inputShape(2)
        .network((g, x) -> g.dense("d", x, 1))
        .loss(TrainableGraph.Loss.l2())
        .export(folder);
  }

  private void export(TrainableGraph.Network network, String name) {
    TrainableGraph.builder()
        .inputShape(2)
        .network(network)
        .loss(TrainableGraph.Loss.l2())
        .export(work.resolve(name));
  }

  @Test
  void theLossesMatchTheirFormulas() {
    // outputs of the linear network on X: (3.5, 2.5)
    assertEquals(0.125f, lossOf(TrainableGraph.Loss.l2(), Y), 1e-6f);
    // binary: mean over z of max(z,0) - z y + log(1 + exp(-|z|)), labels (1, 0)
    double z1 = 3.5;
    double z2 = 2.5;
    double expected =
        ((z1 - z1 * 1 + Math.log1p(Math.exp(-z1))) + (z2 - 0 + Math.log1p(Math.exp(-z2)))) / 2;
    assertEquals(
        (float) expected,
        lossOf(TrainableGraph.Loss.sigmoidBinaryCrossEntropy(), new float[] {1, 0}),
        1e-6f);
    assertEquals("L2", TrainableGraph.Loss.l2().toString());
  }

  @Test
  void softmaxCrossEntropyIsTheMeanNegativeLogProbabilityOfTheLabel() {
    Path folder =
        TrainableGraph.builder()
            .inputShape(3)
            .network(
                (g, x) ->
                    g.tf()
                        .linalg
                        .matMul(
                            x, g.variable("eye", new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 3, 3)))
            .loss(TrainableGraph.Loss.softmaxCrossEntropy(3))
            .export(work.resolve("softmax"));
    try (TensorFlowGraph graph = TensorFlowGraph.load(folder);
        NDManager arrays = graph.model().getNDManager().newSubManager()) {
      float[][] logits = {{1, 2, 3}, {0, 0, 1}};
      float[] labels = {2, 0};
      double expected = 0;
      for (int i = 0; i < 2; i++) {
        double sum = 0;
        for (float v : logits[i]) {
          sum += Math.exp(v);
        }
        expected -= Math.log(Math.exp(logits[i][(int) labels[i]]) / sum);
      }
      Step step =
          graph.evaluate(
              new NDList(arrays.create(logits)), new NDList(arrays.create(labels)), arrays);
      assertEquals((float) (expected / 2), step.loss().getFloat(), 1e-6f);
    }
  }

  private float lossOf(TrainableGraph.Loss loss, float[] labels) {
    Path folder =
        TrainableGraph.builder()
            .inputShape(2)
            .network(
                (g, x) ->
                    g.tf()
                        .math
                        .add(
                            g.tf().linalg.matMul(x, g.variable("w", new float[] {1, 2}, 2, 1)),
                            g.variable("b", new float[] {0.5f}, 1)))
            .loss(loss)
            .export(work.resolve("loss-" + loss.toString().replace(' ', '-')));
    try (TensorFlowGraph graph = TensorFlowGraph.load(folder);
        NDManager arrays = graph.model().getNDManager().newSubManager()) {
      NDArray y = arrays.create(labels, new Shape(labels.length, 1));
      return graph.evaluate(new NDList(arrays.create(X)), new NDList(y), arrays).loss().getFloat();
    }
  }
}

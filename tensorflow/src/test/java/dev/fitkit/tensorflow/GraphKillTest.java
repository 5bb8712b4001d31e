package dev.fitkit.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import dev.fitkit.Budget;
import dev.fitkit.Estimator;
import dev.fitkit.FitResult;
import dev.fitkit.History;
import dev.fitkit.LearningRate;
import dev.fitkit.Predictions;
import dev.fitkit.handlers.CheckpointHandler;
import dev.fitkit.metric.Accuracy;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TensorFlow graph's training killed for real: a child JVM halts (no shutdown hook, no train end)
 * while it reads batch 18, 2 batches after its last periodic checkpoint; this JVM resumes from the
 * checkpoint and must end where an uninterrupted run ends, bit for bit.
 */
class GraphKillTest {
  private static final int EPOCHS = 3;
  private static final int HALT_AT_BATCH = 18;
  @TempDir static Path work;

  @BeforeAll
  static void natives() {
    GraphTrainingTest.natives();
  }

  @Test
  void aKilledRunResumesToTheUninterruptedResult() throws Exception {
    Path folder = GraphTrainingTest.mlp(work.resolve("mlp"));
    float[] expected;
    History uninterrupted;
    try (TensorFlowGraph graph = TensorFlowGraph.load(folder);
        Estimator estimator = estimator(graph, work.resolve("unused"))) {
      uninterrupted = estimator.fit(train(), validation(), EPOCHS).history();
      expected = outputs(estimator);
    }

    Path checkpoints = work.resolve("checkpoints");
    Process child = launch(folder, checkpoints);
    String log = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(180, TimeUnit.SECONDS), "the child JVM ended");
    assertEquals(137, child.exitValue(), log);
    assertTrue(
        Files.exists(checkpoints.resolve("checkpoint-epoch1batch15.ckpt")),
        "the periodic checkpoint after step 15: " + log);

    try (TensorFlowGraph graph = TensorFlowGraph.load(folder);
        Estimator estimator = estimator(graph, checkpoints)) {
      FitResult resumed =
          estimator.resume(checkpoints, train(), validation(), Budget.epochs(EPOCHS));
      assertEquals(30, resumed.batches());
      assertArrayEquals(expected, outputs(estimator), "bit for bit");
      for (int epoch = 0; epoch < EPOCHS; epoch++) {
        assertEquals(
            uninterrupted.epochs().get(epoch).metrics(),
            resumed.history().epochs().get(epoch).metrics());
      }
    }
  }

  /** Checkpoints every 5 batches; Adam at a rate that falls each update. */
  static Estimator estimator(TensorFlowGraph graph, Path checkpoints) {
    return Estimator.builder()
        .graph(graph)
        .metrics(new Accuracy())
        .learningRate(
            LearningRate.of(
                ai.djl.training.tracker.Tracker.factor()
                    .setBaseValue(0.02f)
                    .setFactor(0.97f)
                    .optMinValue(0.001f)
                    .build()))
        .handlers(CheckpointHandler.builder(checkpoints).batchPeriod(5).build())
        .seed(5)
        .build();
  }

  static ArrayDataset train() {
    return GraphTrainingTest.blobs(300, 1);
  }

  static ArrayDataset validation() {
    return GraphTrainingTest.blobs(90, 2);
  }

  private static float[] outputs(Estimator estimator) {
    try (Predictions predictions = estimator.predict(GraphTrainingTest.blobs(60, 9))) {
      return predictions.output(0).toFloatArray();
    }
  }

  private static Process launch(Path folder, Path checkpoints) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(argument -> argument.startsWith("-javaagent:") && argument.contains("jacoco"))
        .forEach(command::add);
    command.add("-Dai.djl.offline=true");
    command.add("-Dai.djl.pytorch.num_threads=1");
    command.add(
        "-D"
            + TensorFlowNatives.CACHE_PROPERTY
            + "="
            + System.getProperty(TensorFlowNatives.CACHE_PROPERTY));
    command.add("-cp");
    command.add(
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
            .replace(File.pathSeparator + File.pathSeparator, File.pathSeparator));
    command.add(Child.class.getName());
    command.add(folder.toString());
    command.add(checkpoints.toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("OPT_OUT_TRACKING", "true");
    builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    return builder.start();
  }

  /** The run that is killed: the same fit, whose data halts the JVM at a batch. */
  public static final class Child {
    private Child() {}

    public static void main(String[] args) {
      GraphTrainingTest.natives();
      try (TensorFlowGraph graph = TensorFlowGraph.load(Path.of(args[0]));
          Estimator estimator = estimator(graph, Path.of(args[1]))) {
        estimator.fit(
            new HaltingDataset(GraphTrainingTest.blobsBuilder(300, 1), HALT_AT_BATCH),
            validation(),
            EPOCHS);
      }
      System.exit(1); // not reached
    }
  }

  /** Halts the JVM when its {@code haltAt}-th batch is read, as a kill -9 would. */
  static final class HaltingDataset extends ArrayDataset {
    private final long haltAt;
    private long reads;

    HaltingDataset(ArrayDataset.Builder builder, long haltAt) {
      super(builder);
      this.haltAt = haltAt;
    }

    @Override
    public Batch getByIndices(NDManager manager, long... indices) {
      if (++reads == haltAt) {
        Runtime.getRuntime().halt(137);
      }
      return super.getByIndices(manager, indices);
    }
  }
}

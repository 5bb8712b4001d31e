package dev.fitkit.examples;

import static dev.fitkit.examples.ExampleRuns.lastEpoch;
import static dev.fitkit.examples.ExampleRuns.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.evaluator.BinaryAccuracy;
import dev.fitkit.Estimator;
import dev.fitkit.examples.data.BreastCancer;
import dev.fitkit.examples.data.LabelledRows;
import dev.fitkit.tensorflow.TensorFlowGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TensorFlow examples through the command line, on the real data. */
class TensorFlowExamplesTest {

  /**
   * Logistic regression trained on DJL's TensorFlow engine through the graph's train signature,
   * with logreg's defaults and threshold. Measured: 1.000 (114 of 114), as on PyTorch. The saved
   * SavedModel, loaded again, scores the same.
   */
  @Test
  void logregOnTensorFlowReachesLogregsThresholdAndSavesItsTrainedGraph(@TempDir Path output)
      throws Exception {
    assertEquals(0, run("logreg-tf", "--output", output.toString()));
    Map<String, String> epoch = lastEpoch(output.resolve("logreg-tf"));
    assertEquals("20", epoch.get("epoch"));
    assertEquals("15", epoch.get("batches"), "455 training rows in batches of 32");
    double accuracy = Double.parseDouble(epoch.get("validation accuracy"));
    assertTrue(accuracy >= 0.95, "test accuracy " + accuracy + " < 0.95");

    Path trained = output.resolve("logreg-tf").resolve("trained");
    assertTrue(Files.exists(trained.resolve("saved_model.pb")), "saved as a SavedModel");
    LabelledRows.Split data =
        BreastCancer.read(Path.of(BreastCancer.BUNDLED))
            .split(0.2, LogRegCommand.SPLIT_SEED)
            .standardized();
    try (TensorFlowGraph graph = TensorFlowGraph.load(trained);
        Estimator estimator =
            Estimator.builder().graph(graph).metrics(new BinaryAccuracy("accuracy", 0f)).build()) {
      Map<String, Double> metrics =
          estimator.evaluate(data.test().dataset(32, false, Long.MAX_VALUE));
      assertEquals(accuracy, metrics.get("validation accuracy"), 1e-6);
    }
  }

  /**
   * A TensorFlow extractor pre-trained on TensorFlow (2 epochs on 10,000 images), frozen under a
   * PyTorch linear head trained for 5 epochs on all 60,000. Measured: 0.829 test accuracy.
   */
  @Test
  void transferReachesItsQualityThreshold(@TempDir Path output) throws Exception {
    assertEquals(0, run("transfer-tf", "--output", output.toString()));
    Map<String, String> epoch = lastEpoch(output.resolve("transfer-tf"));
    assertEquals("5", epoch.get("epoch"));
    double accuracy = Double.parseDouble(epoch.get("validation accuracy"));
    assertTrue(accuracy >= 0.80, "test accuracy " + accuracy + " < 0.80");
    assertTrue(
        Files.exists(output.resolve("transfer-tf").resolve("extractor").resolve("saved_model.pb")),
        "the pre-trained extractor is saved");
  }
}

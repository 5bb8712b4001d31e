package dev.fitkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Dataset;
import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnPredictBatchEnd;
import dev.fitkit.annotations.OnPredictBegin;
import dev.fitkit.annotations.OnPredictEnd;
import dev.fitkit.event.PredictBatchEnd;
import dev.fitkit.event.PredictEnd;
import dev.fitkit.handlers.LoggingHandler;
import dev.fitkit.handlers.PredictionWriter;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.Estimators;
import dev.fitkit.testing.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code predict} and {@code predictEach} on a network a real fit trained. */
class PredictTest {
  private NDManager manager;
  private Dataset train;
  @TempDir Path dir;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
    train = Blobs.dataset(manager, 64, 16, 1);
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  /** 40 points without labels, in batches of 16: 16, 16 and 8. */
  private ArrayDataset unlabelled() {
    manager.getEngine().setRandomSeed(3);
    return new ArrayDataset.Builder()
        .setData(manager.randomNormal(new Shape(40, 2)))
        .setSampling(16, false)
        .build();
  }

  @Test
  void returnsTheNetworksOutputsForEverySampleInOrderWithTheEvents() throws Exception {
    Recorder recorder = new Recorder();
    try (Estimator estimator =
        Estimators.adam(0.01f).discoverHandlers(false).handlers(recorder).build()) {
      estimator.fit(train, 2);
      ArrayDataset data = unlabelled();
      try (Predictions predictions = estimator.predict(data)) {
        assertEquals(40, predictions.samples());
        assertEquals(3, predictions.batches().size());
        NDArray all = predictions.output(0);
        assertEquals(new Shape(40, 3), all.getShape());
        NDArray direct =
            estimator.trainer().evaluate(new NDList(data.get(manager, 0).getData())).head();
        assertArrayEquals(
            direct.toFloatArray(),
            all.get("0:1").toFloatArray(),
            1e-6f,
            "the first sample's scores as one forward pass gives them");
        assertTrue(predictions.duration().toNanos() > 0);
      }
    }
    assertEquals(
        List.of("begin", "batch 0: 16", "batch 1: 16", "batch 2: 8", "end 3 40"), recorder.seen);
  }

  @Test
  void predictEachStreamsToAPredictionWriterAndKeepsNothing() throws IOException {
    Path csv = dir.resolve("out/predictions.csv");
    try (Estimator estimator =
        Estimators.adam(0.01f)
            .discoverHandlers(false)
            .handlers(new PredictionWriter(csv))
            .build()) {
      estimator.fit(train, 1);
      assertEquals(40, estimator.predictEach(unlabelled()));
      List<String> lines = Files.readAllLines(csv);
      assertEquals("out0_0,out0_1,out0_2", lines.get(0));
      assertEquals(41, lines.size());
      try (Predictions kept = estimator.predict(unlabelled())) {
        float[] first = kept.output(0).get("0").toFloatArray();
        String[] cells = lines.get(1).split(",");
        for (int j = 0; j < 3; j++) {
          assertEquals(first[j], Float.parseFloat(cells[j]), "exact: Float.toString round-trips");
        }
      }
    }
  }

  @Test
  void theLoggingHandlerReportsProgress() {
    try (LogCapture log = new LogCapture(LoggingHandler.class);
        Estimator estimator =
            Estimators.adam(0.01f)
                .discoverHandlers(false)
                .handlers(new LoggingHandler(2))
                .build()) {
      estimator.fit(train, 1);
      estimator.predictEach(unlabelled());
      String text = String.join("\n", log.lines());
      assertTrue(text.contains("INFO Predicting on [cpu()]"), text);
      assertTrue(text.matches("(?s).*INFO Predict batch 2: 32 samples \\| \\d+ samples/s.*"), text);
      assertTrue(
          text.matches(
              "(?s).*INFO Prediction done after 3 batches, 40 samples, in \\d+\\.\\d s \\|.*"),
          text);
    }
  }

  @Test
  void anUntrainedNetworkIsRefusedNamingTheFix() {
    try (Estimator estimator = Estimators.adam(0.01f).discoverHandlers(false).build()) {
      FitConfigurationException e =
          assertThrows(FitConfigurationException.class, () -> estimator.predict(unlabelled()));
      assertEquals(
          "predict needs a trained network, but the network has no parameters yet: train it with"
              + " fit(...), or load saved parameters with model.load(folder, name), first.",
          e.getMessage());
    }
  }

  @Test
  void missingOrEmptyDataIsRefused() {
    try (Estimator estimator = Estimators.adam(0.01f).discoverHandlers(false).build()) {
      estimator.fit(train, 1);
      assertEquals(
          "predict needs data: pass a Dataset",
          assertThrows(IllegalArgumentException.class, () -> estimator.predict(null)).getMessage());
      assertEquals(
          "predictEach needs data: pass a Dataset",
          assertThrows(IllegalArgumentException.class, () -> estimator.predictEach(null))
              .getMessage());
      ArrayDataset empty =
          new ArrayDataset.Builder()
              .setData(manager.zeros(new Shape(0, 2)))
              .setSampling(16, false)
              .build();
      String m =
          assertThrows(FitConfigurationException.class, () -> estimator.predict(empty))
              .getMessage();
      assertTrue(m.contains("prediction"), m);
    }
  }

  @Test
  void aNetworkThatFailsNamesTheBatchAndTheEndStillRuns() {
    Recorder recorder = new Recorder();
    try (Estimator estimator =
        Estimators.adam(0.01f).discoverHandlers(false).handlers(recorder).build()) {
      estimator.fit(train, 1);
      ArrayDataset wrongWidth =
          new ArrayDataset.Builder()
              .setData(manager.zeros(new Shape(8, 5)))
              .setSampling(4, false)
              .build();
      TrainingFailedException e =
          assertThrows(TrainingFailedException.class, () -> estimator.predict(wrongWidth));
      assertTrue(e.getMessage().startsWith("The network failed at "), e.getMessage());
    }
    assertEquals("end 0 0 failed", recorder.seen.get(recorder.seen.size() - 1));
  }

  @Test
  void aWriterThatCannotWriteFailsNamingTheFileAndAMissingFileIsRefused() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("a-folder"));
    try (Estimator estimator =
        Estimators.adam(0.01f)
            .discoverHandlers(false)
            .handlers(new PredictionWriter(folder))
            .build()) {
      estimator.fit(train, 1);
      RuntimeException e =
          assertThrows(RuntimeException.class, () -> estimator.predictEach(unlabelled()));
      String all = e.getMessage() + " / " + e.getCause();
      assertTrue(all.contains("PredictionWriter cannot write " + folder.toAbsolutePath()), all);
    }
    assertEquals(
        "PredictionWriter needs a file to write",
        assertThrows(IllegalArgumentException.class, () -> new PredictionWriter(null))
            .getMessage());
  }

  @Test
  void anOutputThatDoesNotExistIsNamed() {
    try (Estimator estimator = Estimators.adam(0.01f).discoverHandlers(false).build()) {
      estimator.fit(train, 1);
      try (Predictions predictions = estimator.predict(unlabelled())) {
        assertEquals(
            "The network has 1 outputs; there is no output 1",
            assertThrows(IndexOutOfBoundsException.class, () -> predictions.output(1))
                .getMessage());
      }
      try (Predictions none = new Predictions(manager.newSubManager())) {
        assertEquals(
            "No batch was predicted",
            assertThrows(IllegalStateException.class, () -> none.output(0)).getMessage());
      }
    }
  }

  @Test
  void aPredictBeginHandlerThatFailsStillEndsThePass() {
    Recorder recorder = new Recorder();
    try (Estimator estimator =
        Estimators.adam(0.01f)
            .discoverHandlers(false)
            .handlers(recorder, new FailsAtPredictBegin())
            .build()) {
      estimator.fit(train, 1);
      assertThrows(HandlerFailedException.class, () -> estimator.predict(unlabelled()));
    }
    assertEquals(List.of("begin", "end 0 0 failed"), recorder.seen);
  }

  @FitHandler(id = "test.fails-at-predict-begin", autoLoad = false)
  static final class FailsAtPredictBegin {
    @OnPredictBegin(priority = 1)
    void fail() {
      throw new IllegalStateException("no output folder");
    }
  }

  @FitHandler(id = "test.predict-recorder", autoLoad = false)
  static final class Recorder {
    final List<String> seen = new ArrayList<>();

    @OnPredictBegin
    void begin() {
      seen.add("begin");
    }

    @OnPredictBatchEnd
    void batch(PredictBatchEnd event) {
      seen.add("batch " + event.batchIndex() + ": " + event.batchSize());
    }

    @OnPredictEnd
    void end(PredictEnd event) {
      seen.add(
          "end "
              + event.batches()
              + " "
              + event.samples()
              + (event.failure().isPresent() ? " failed" : ""));
    }
  }
}

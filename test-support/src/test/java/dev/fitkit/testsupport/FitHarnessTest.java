package dev.fitkit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.core.Linear;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import dev.fitkit.EpochRecord;
import dev.fitkit.Estimator;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.FitResult;
import dev.fitkit.Outcome;
import dev.fitkit.event.EventKind;
import dev.fitkit.handlers.StoppingHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitHarnessTest {

  @Test
  void runsTheHandlerInARealFitThatLearns() {
    Recorder recorder = new Recorder();

    FitResult result = FitHarness.withHandlers(recorder).epochs(2).fit();

    assertEquals(Outcome.COMPLETED, result.outcome());
    assertEquals(2, result.history().size());
    assertEquals(12, result.batches(), "96 points in batches of 16, twice");
    assertEquals(
        List.of(
            "begin",
            "validated",
            "epoch 0 lr 0.05",
            "validated",
            "epoch 1 lr 0.05",
            "end COMPLETED"),
        recorder.events);
    double[] loss = result.history().series("train loss");
    assertTrue(loss[1] < loss[0], "the network learns the blobs: " + result.history().epochs());
    double accuracy = result.history().last().metric("validation accuracy");
    assertTrue(accuracy > 0.9, "three blobs apart are easy: " + accuracy);
  }

  @Test
  void twoRunsOfOneHarnessTrainAlike() {
    FitHarness harness = FitHarness.create().epochs(2).shuffle(true);

    List<Map<String, Double>> first = metrics(harness.fit());
    List<Map<String, Double>> second = metrics(harness.fit());

    assertEquals(first, second, "fixed seed, one thread: the same numbers");
    assertFalse(
        first.equals(metrics(harness.seed(7).fit())), "another seed, other data and weights");
  }

  @Test
  void batchBudgetsAndSizes() {
    FitResult result = FitHarness.create().samples(40).batchSize(8).batches(7).fit();

    assertEquals(7, result.batches());
    assertEquals(2, result.epochs(), "5 batches per epoch: the budget ends in the second");
    assertEquals(5, FitHarness.create().samples(40).batchSize(8).batchesPerEpoch());
    assertEquals(6, FitHarness.create().batchesPerEpoch());
  }

  @Test
  void withoutValidationNoValidationMetric() {
    Recorder recorder = new Recorder();

    FitResult result = FitHarness.withHandlers(recorder).withoutValidation().epochs(1).fit();

    assertTrue(Double.isNaN(result.history().last().metric("validation loss")));
    assertFalse(recorder.events.contains("validated"));
    assertThrows(
        IllegalStateException.class, () -> FitHarness.create().withoutValidation().evaluate());
  }

  @Test
  void evaluateRunsOneValidationPassWithTheHandlers() {
    Recorder recorder = new Recorder();

    Map<String, Double> metrics = FitHarness.withHandlers(recorder).evaluate();

    assertTrue(metrics.containsKey("validation loss"), metrics.toString());
    assertEquals(List.of("validated"), recorder.events);
  }

  @Test
  void discoveryIsOffByDefaultAndCanBeTurnedOn() {
    String listener = "test.discovered#trainEnd";
    assertFalse(FitHarness.create().listenerOrder(EventKind.TRAIN_END).contains(listener));
    FitHarness discovering = FitHarness.create().discoverHandlers(true);
    assertTrue(discovering.listenerOrder(EventKind.TRAIN_END).contains(listener));

    Discovered.SEEN.clear();
    FitHarness.create().epochs(1).fit();
    assertEquals(List.of(), Discovered.SEEN);
    discovering.epochs(1).fit();
    assertEquals(
        List.of("from the pack's module"),
        Discovered.SEEN,
        "the auto-loaded handler ran, built with the binding of the discovered FitModule");
  }

  @Test
  void optionsAndModulesReachGuiceBuiltHandlers() {
    Sink sink = new Sink();
    FitHarness harness =
        FitHarness.withHandlerTypes(OptionReader.class)
            .modules(binder -> binder.bind(Sink.class).toInstance(sink))
            .epochs(1);

    harness.fit();
    harness.option("test.option-reader.word", "ab").option("test.option-reader.times", 2).fit();
    System.setProperty("test.option-reader.word", "cd");
    try {
      harness.fit();
    } finally {
      System.clearProperty("test.option-reader.word");
    }

    assertEquals(List.of("default", "abab", "cdcd"), sink.lines, "a system property wins");
    FitConfigurationException misspelt =
        assertThrows(
            FitConfigurationException.class,
            () -> harness.option("test.option-reader.tmies", 3).fit());
    assertTrue(misspelt.getMessage().contains("times, word"), misspelt.getMessage());
  }

  @Test
  void optionsOfEveryKind(@TempDir Path folder) {
    Sink sink = new Sink();

    FitHarness.withHandlerTypes(TypedOptions.class)
        .modules(binder -> binder.bind(Sink.class).toInstance(sink))
        .option("t.text", "text")
        .option("t.int", 1)
        .option("t.long", 2L)
        .option("t.double", 3.5)
        .option("t.float", 4.5f)
        .option("t.flag", true)
        .option("t.enum", Outcome.STOPPED)
        .option("t.class", String.class)
        .option("t.path", folder)
        .option("t.duration", Duration.ofSeconds(3))
        .option("t.object", new Tag("x"))
        .batches(1)
        .fit();

    assertEquals(
        List.of("text 1 2 3.5 4.5 true STOPPED String " + folder + " PT3S Tag[name=x]"),
        sink.lines);
    assertThrows(NullPointerException.class, () -> FitHarness.create().option("t", null));
  }

  @Test
  void checkpointsAndResume(@TempDir Path folder) throws Exception {
    Recorder recorder = new Recorder();
    FitHarness harness = FitHarness.withHandlers(recorder).checkpoints(folder).epochs(1);

    harness.fit();
    try (Stream<Path> files = Files.list(folder)) {
      assertTrue(files.anyMatch(f -> f.toString().endsWith(".ckpt")), "a checkpoint was saved");
    }
    recorder.events.clear();
    FitResult rest = harness.epochs(3).resume(folder);

    assertEquals(3, rest.history().size(), "the history is the whole run's");
    assertEquals(18, rest.batches());
    assertEquals("resumed", recorder.events.get(0));
  }

  @Test
  void anInterruptedRunResumesExactlyWithFreshHandlers(@TempDir Path folder) {
    AtomicInteger built = new AtomicInteger();
    List<BatchCounter> counters = new java.util.ArrayList<>();
    FitHarness harness =
        FitHarness.withHandlersFrom(
                () -> {
                  built.incrementAndGet();
                  BatchCounter counter = new BatchCounter();
                  counters.add(counter);
                  return counter;
                })
            .epochs(3);

    FitResult straight = harness.fit();
    FitHarness.ResumedRun run = harness.interruptAndResume(folder, 8);

    assertEquals(3, built.get(), "one new instance per run");
    assertEquals(8, run.interrupted().batches());
    assertEquals(Outcome.COMPLETED, run.resumed().outcome());
    assertEquals(18, counters.get(2).batches, "the counter's state came back from the checkpoint");
    assertEquals(
        metrics(straight),
        metrics(run.resumed()),
        "a mid-epoch interruption and resume ends as the straight run");
    assertEquals(3, run.resumed().history().size());
  }

  @Test
  void configureChangesTheEstimatorLast() {
    FitResult result =
        FitHarness.create()
            .epochs(5)
            .configure(builder -> builder.handlers(StoppingHandler.maxEpochs(1)))
            .fit();

    assertEquals(1, result.history().size());
    assertEquals(Outcome.STOPPED, result.outcome());
  }

  @Test
  void anotherNetworkAndLearningRate() {
    Recorder recorder = new Recorder();

    FitResult result =
        FitHarness.withHandlers(recorder)
            .network(() -> Linear.builder().setUnits(Blobs.CLASSES).build())
            .learningRate(0.2f)
            .epochs(1)
            .fit();

    assertEquals(1, result.history().size());
    assertTrue(recorder.events.get(2).startsWith("epoch 0 lr 0.20"), recorder.events.toString());
  }

  @Test
  void theEstimatorItselfForAnythingElse() {
    try (NDManager manager = NDManager.newBaseManager();
        Estimator estimator = FitHarness.create().estimator()) {
      ArrayDataset data = Blobs.dataset(manager, 32, 8, 1);
      assertEquals(4, estimator.fit(data, 1).batches());
    }
  }

  @Test
  void blobsAreSeededAndLabelled() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      ArrayDataset one = Blobs.dataset(manager, 10, 10, 3);
      ArrayDataset two = Blobs.dataset(manager, 10, 10, 3, true);
      for (Batch a : one.getData(manager)) {
        for (Batch b : two.getData(manager)) {
          assertEquals(
              a.getLabels().singletonOrThrow().getShape(),
              b.getLabels().singletonOrThrow().getShape());
          float[] labels = a.getLabels().singletonOrThrow().toFloatArray();
          for (float label : labels) {
            assertTrue(label >= 0 && label < Blobs.CLASSES);
          }
          assertEquals(
              List.of(10L, (long) Blobs.FEATURES),
              java.util.Arrays.stream(a.getData().singletonOrThrow().getShape().getShape())
                  .boxed()
                  .toList());
          b.close();
        }
        a.close();
      }
    }
    assertThrows(IllegalArgumentException.class, () -> Blobs.dataset(null, 0, 1, 1));
  }

  @Test
  void refusesNonsense() {
    FitHarness harness = FitHarness.create();
    assertThrows(IllegalArgumentException.class, () -> harness.samples(0));
    assertThrows(IllegalArgumentException.class, () -> harness.batchSize(0));
    assertThrows(IllegalArgumentException.class, () -> harness.validationSamples(-1));
    assertThrows(NullPointerException.class, () -> harness.network(null));
    assertThrows(NullPointerException.class, () -> harness.checkpoints(null));
    assertThrows(NullPointerException.class, () -> harness.configure(null));
  }

  @Test
  void engineSettingsAreDefaultsThatJvmArgumentsOverride() {
    String name = "fitkit.test-support.probe";
    try {
      FitHarness.defaultProperty(name, "1");
      assertEquals("1", System.getProperty(name), "set when absent");
      FitHarness.defaultProperty(name, "4");
      assertEquals("1", System.getProperty(name), "kept when set, e.g. by -D");
    } finally {
      System.clearProperty(name);
    }
  }

  /** An option that is none of the kinds Guice binds as constants. */
  record Tag(String name) {}

  private static List<Map<String, Double>> metrics(FitResult result) {
    return result.history().epochs().stream().map(EpochRecord::metrics).toList();
  }
}

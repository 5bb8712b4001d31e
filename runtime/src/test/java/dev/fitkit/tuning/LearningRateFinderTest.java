package dev.fitkit.tuning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.fitkit.Budget;
import dev.fitkit.Estimator;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.FitResult;
import dev.fitkit.LearningRate;
import dev.fitkit.handlers.GradientUpdateHandler;
import dev.fitkit.metric.Accuracy;
import dev.fitkit.optimizer.Adam;
import dev.fitkit.optimizer.PerParameterOptimizer;
import dev.fitkit.optimizer.Sgd;
import dev.fitkit.optimizer.StatefulOptimizer;
import dev.fitkit.plot.LearningRatePlot;
import dev.fitkit.run.ParameterBytes;
import dev.fitkit.run.ParameterNames;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.EventRecorder;
import dev.fitkit.testing.Nets;
import dev.fitkit.testing.Recorded;
import dev.fitkit.testing.RunDump;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The range test inside real fits on the blobs: it puts the estimator back bit for bit, suggests a
 * rate that trains, stops when the loss diverges, plots its curve, and says what is wrong when it
 * cannot run. 2560 shuffled samples in batches of 128 make 20 batches a pass: the test's 100
 * batches go through the data 5 times.
 */
class LearningRateFinderTest {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @TempDir Path dir;
  private NDManager manager;
  private Dataset train;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
    train = Blobs.dataset(manager, 2560, 128, 1, true);
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  /** The blobs MLP with fitkit's {@code optimizer}, whose rate is {@code lr}, and a seed. */
  private static Estimator.Builder mlp(Optimizer optimizer, LearningRate lr, long seed) {
    Estimator.Builder builder =
        Estimator.builder()
            .block(Nets.mlp())
            .loss(Loss.softmaxCrossEntropyLoss())
            .metrics(new Accuracy())
            .seed(seed)
            .discoverHandlers(false);
    if (optimizer != null) {
      builder.optimizer(optimizer).learningRate(lr);
    }
    return builder;
  }

  private static Estimator sgd(LearningRate lr, long seed) {
    return mlp(Sgd.builder().learningRate(lr).build(), lr, seed).build();
  }

  private static LearningRateFinder.Result find(Estimator estimator, Dataset data) {
    return LearningRateFinder.builder().build().run(estimator, data);
  }

  private static byte[] parameters(Estimator estimator) {
    return ParameterBytes.save(estimator.model().getBlock());
  }

  private static byte[] optimizerState(Estimator estimator, StatefulOptimizer optimizer) {
    return optimizer.saveState(new ParameterNames(estimator.model().getBlock()).nameOf());
  }

  // ---- 1. It leaves no trace -------------------------------------------------------------------

  @Test
  void putsParametersOptimizerStateAndLearningRateBackBitForBit() {
    LearningRate lr = LearningRate.fixed(0.01f);
    Adam adam = Adam.builder().learningRate(lr).build();
    Recorded events = new Recorded();
    GradientUpdateHandler step = GradientUpdateHandler.builder().clipNorm(5).build();
    try (Estimator estimator = mlp(adam, lr, 5).handlers(new EventRecorder(events), step).build()) {
      estimator.fit(train, 1); // moments, step counts and an update count worth keeping
      lr.scale(0.5f); // as ReduceLROnPlateau would
      Tracker schedule = lr.schedule();
      int lastUpdate = lr.lastUpdate();
      byte[] parametersBefore = parameters(estimator);
      byte[] stateBefore = optimizerState(estimator, adam);
      int eventsBefore = events.lines().size();

      LearningRateFinder.Result found = find(estimator, train);

      int batches = found.losses().size();
      assertTrue(batches > 50, batches + " batches, " + found.earlyStop());
      assertEquals(1e-7, found.learningRates().get(0), 1e-13);
      assertEquals(batches, step.steps(), "the estimator's own optimizer step ran the test");
      assertEquals(eventsBefore, events.lines().size(), "no other handler of the estimator ran");
      assertArrayEquals(parametersBefore, parameters(estimator), "parameters");
      assertArrayEquals(stateBefore, optimizerState(estimator, adam), "Adam's moments and steps");
      assertSame(schedule, lr.schedule());
      assertEquals(0.5f, lr.factor());
      assertEquals(lastUpdate, lr.lastUpdate());
    }
  }

  /**
   * A fit after the test equals, bit for bit, the fit of an estimator built the same way with the
   * same seed that never ran it: for a network the test initialized (the default Adam) and for one
   * trained before (the moments in play).
   */
  @ParameterizedTest(name = "epochs trained before the test: {0}")
  @ValueSource(ints = {0, 1})
  void aFitAfterTheTestEqualsAFitWithout(int epochsBefore) {
    Dataset validation = Blobs.dataset(manager, 300, 100, 2);
    Supplier<Estimator> build = () -> mlp(null, null, 9).build(); // the default Adam
    RunDump without;
    byte[] withoutBits;
    try (Estimator estimator = build.get()) {
      if (epochsBefore > 0) {
        estimator.fit(train, validation, epochsBefore);
      }
      FitResult result = estimator.fit(train, validation, 2);
      without = RunDump.of(estimator.model().getBlock(), result.history());
      withoutBits = parameters(estimator);
    }
    try (Estimator estimator = build.get()) {
      if (epochsBefore > 0) {
        estimator.fit(train, validation, epochsBefore);
      }
      LearningRateFinder.Result found = find(estimator, train);
      assertFalse(found.losses().isEmpty());
      FitResult result = estimator.fit(train, validation, 2);
      RunDump with = RunDump.of(estimator.model().getBlock(), result.history());
      with.assertSameAs(without); // parameters, metrics and losses of every epoch
      assertArrayEquals(withoutBits, parameters(estimator), "parameters, bit for bit");
    }
  }

  // ---- 2. Its suggestion trains --------------------------------------------------------------

  /**
   * Plain SGD on these blobs, measured for seeds 1 to 12: fits of 3 epochs reached 96% validation
   * accuracy or more at every rate from 0.01 to 2, at 1e-3 as little as 27%, at 1e-4 less, and at 3
   * the loss became infinite. For the same seeds the suggestion fell between 0.022 and 0.095 (with
   * batches of 32, whose noisier start sometimes won, it fell at 1e-6 for 3 of 12 seeds).
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void suggestsARateThatTrainsTheBlobs(long seed) {
    Dataset validation = Blobs.dataset(manager, 300, 100, 2);
    LearningRate lr = LearningRate.fixed(1e-4f);
    try (Estimator estimator = sgd(lr, seed)) {
      LearningRateFinder.Result found = find(estimator, train);
      double suggestion = found.suggestion();
      assertTrue(suggestion >= 1e-3 && suggestion <= 1, "suggested " + suggestion);
      int at = found.suggestionIndex();
      assertTrue(at >= 10 && at < found.losses().size() - 1, "skips the ends: " + at);
      assertTrue(found.losses().get(at) < found.losses().get(10), "the loss falls there");

      lr.setSchedule(Tracker.fixed((float) suggestion)); // what a user does with it
      double atSuggestion = accuracyAfter(estimator, validation);
      assertTrue(
          atSuggestion >= 0.95, "validation accuracy at " + suggestion + ": " + atSuggestion);
      try (Estimator slow = sgd(LearningRate.fixed(1e-4f), seed)) {
        double tooLow = accuracyAfter(slow, validation);
        assertTrue(
            atSuggestion > tooLow, atSuggestion + " at the suggestion, " + tooLow + " at 1e-4");
      }
    }
  }

  private double accuracyAfter(Estimator estimator, Dataset validation) {
    FitResult result = estimator.fit(train, validation, 3);
    return result.history().epochs().get(2).metric("validation accuracy");
  }

  // ---- 3. It stops when the loss diverges ----------------------------------------------------

  @Test
  void stopsEarlyOnceTheSmoothedLossExceedsFourTimesTheBest() {
    LearningRate lr = LearningRate.fixed(0.01f);
    try (Estimator estimator = sgd(lr, 4)) {
      LearningRateFinder.Result found =
          LearningRateFinder.builder()
              .start(1e-4)
              .end(1e6)
              .batches(100)
              .build()
              .run(estimator, train);
      List<Double> losses = found.losses();
      assertTrue(losses.size() < 100, losses.size() + " batches");
      String reason = found.earlyStop().orElseThrow();
      assertTrue(reason.contains("times the best"), reason);
      double last = losses.get(losses.size() - 1);
      assertTrue(last > 4 * Collections.min(losses.subList(0, losses.size() - 1)), reason);
      assertTrue(found.hasSuggestion());
      assertTrue(found.suggestion() < found.learningRates().get(losses.size() - 1));
    }
  }

  @Test
  void stopsAtALossThatIsNotFiniteAndRecordsNothingOfIt() {
    Dataset nan = Blobs.withNaN(manager, 256, 128, 1, 0); // the first batch's loss is NaN
    LearningRate lr = LearningRate.fixed(0.01f);
    try (Estimator estimator = sgd(lr, 4)) {
      estimator.fit(train, 1);
      byte[] before = parameters(estimator);
      LearningRateFinder.Result found =
          LearningRateFinder.builder().batches(20).build().run(estimator, nan);
      assertEquals(List.of(), found.losses());
      assertEquals(List.of(), found.learningRates());
      assertEquals("the loss was NaN at learning rate 1.00e-07", found.earlyStop().orElseThrow());
      assertArrayEquals(before, parameters(estimator));
      assertFalse(found.hasSuggestion());
      assertEquals(-1, found.suggestionIndex());
      assertEquals(
          "No suggested learning rate: the range test recorded 0 losses, and a suggestion needs 2"
              + " or more once the first 10 and the last 1 are left out (it stopped early: the loss"
              + " was NaN at learning rate 1.00e-07). Start from a lower rate, or skip fewer points"
              + " with skip(begin, end).",
          assertThrows(IllegalStateException.class, found::suggestion).getMessage());
      assertEquals(
          "Nothing to plot: the range test recorded no loss (it stopped at once: the loss was NaN"
              + " at learning rate 1.00e-07). Start from a lower rate.",
          assertThrows(IllegalStateException.class, () -> found.plot(dir.resolve("lr.png")))
              .getMessage());
    }
  }

  // ---- 4. It plots its curve ----------------------------------------------------------------

  @Test
  void plotsItsCurveToAPngOfTheAskedSize() throws IOException {
    try (Estimator estimator = sgd(LearningRate.fixed(0.01f), 1)) {
      LearningRateFinder.Result found = find(estimator, train);
      Path png = found.plot(dir.resolve("lr.png"));
      assertPng(png, 900, 600);

      Path custom =
          LearningRatePlot.of(found)
              .title("Blobs, SGD")
              .size(640, 480)
              .write(dir.resolve("deeper/folder/lr.png"));
      BufferedImage image = assertPng(custom, 640, 480);
      assertTrue(hasColor(image, 0x1f77b4), "the curve is drawn in blue");
      assertTrue(hasColor(image, 0xd62728), "the suggestion is marked in red");
    }
  }

  @Test
  void plotsACurveTooShortForASuggestionWithoutAMark() throws IOException {
    LearningRateFinder.Result shortCurve =
        new LearningRateFinder.Result(List.of(1e-3, 1e-2), List.of(1.0, 0.9), null, 10, 1);
    assertFalse(shortCurve.hasSuggestion());
    BufferedImage image = assertPng(shortCurve.plot(dir.resolve("short.png")), 900, 600);
    assertTrue(hasColor(image, 0x1f77b4));
    assertFalse(hasColor(image, 0xd62728));
  }

  private static BufferedImage assertPng(Path png, int width, int height) throws IOException {
    byte[] bytes = Files.readAllBytes(png);
    assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, PNG_SIGNATURE.length), "PNG signature");
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(width, image.getWidth());
    assertEquals(height, image.getHeight());
    return image;
  }

  private static boolean hasColor(BufferedImage image, int rgb) {
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xffffff) == rgb) {
          return true;
        }
      }
    }
    return false;
  }

  // ---- 5. What it says when it cannot run ------------------------------------------------------

  @Test
  void needsALearningRateItCanSet() {
    Sgd sgd = Sgd.builder().learningRate(Tracker.fixed(0.1f)).build(); // no LearningRate
    try (Estimator estimator =
        Estimator.builder()
            .block(Nets.mlp())
            .loss(Loss.softmaxCrossEntropyLoss())
            .optimizer(sgd)
            .discoverHandlers(false)
            .build()) {
      assertEquals(
          "Handler fitkit.learning-rate-finder changes the learning rate, but the estimator has no"
              + " LearningRate to change: build the optimizer with a LearningRate and pass it to"
              + " Estimator.builder().learningRate(lr), e.g. LearningRate lr ="
              + " LearningRate.fixed(0.01f); Optimizer.sgd().setLearningRateTracker(lr).build()."
              + " (Without an optimizer, the estimator's default Adam has one.)",
          assertThrows(FitConfigurationException.class, () -> find(estimator, train)).getMessage());
    }
  }

  @Test
  void needsAnOptimizerWhoseStateCanBePutBack() {
    LearningRate lr = LearningRate.fixed(0.1f);
    Optimizer djl = Optimizer.sgd().setLearningRateTracker(lr).build();
    try (Estimator estimator = mlp(djl, lr, 1).build()) {
      assertEquals(
          "A trial run (Estimator.trial, LearningRateFinder) puts the optimizer's state back when"
              + " it ends, but ai.djl.training.optimizer.Sgd keeps its state private: build the"
              + " estimator with dev.fitkit.optimizer.Adam (the default) or"
              + " dev.fitkit.optimizer.Sgd, e.g. LearningRate lr = LearningRate.fixed(0.01f);"
              + " .optimizer(Sgd.builder().learningRate(lr).build()).learningRate(lr).",
          assertThrows(FitConfigurationException.class, () -> find(estimator, train)).getMessage());
    }
    ai.djl.nn.Block net = Nets.mlp();
    Optimizer routed =
        PerParameterOptimizer.builder(net).otherwise(Optimizer.adam().build()).build();
    try (Estimator estimator =
        Estimator.builder()
            .block(net)
            .loss(Loss.softmaxCrossEntropyLoss())
            .optimizer(routed)
            .learningRate(lr)
            .discoverHandlers(false)
            .build()) {
      String m =
          assertThrows(FitConfigurationException.class, () -> find(estimator, train)).getMessage();
      assertTrue(m.contains("but dev.fitkit.optimizer.PerParameterOptimizer keeps its state"), m);
    }
  }

  @Test
  void needsOneDevice() {
    try (Estimator estimator = mlp(null, null, 1).devices(Device.gpu(0), Device.gpu(1)).build()) {
      assertEquals(
          "A trial run (Estimator.trial, LearningRateFinder) puts the parameters back when it"
              + " ends, which it can do on one device only, but the estimator trains on [gpu(0),"
              + " gpu(1)]: DJL keeps copies of the parameters on the other devices in its"
              + " parameter store, out of reach. Build the estimator with one device for it:"
              + " .devices(Device.gpu(0)).",
          assertThrows(FitConfigurationException.class, () -> find(estimator, train)).getMessage());
    }
  }

  @Test
  void needsAnEstimatorAndData() {
    LearningRateFinder finder = LearningRateFinder.builder().build();
    assertEquals(
        "run needs the estimator to test: LearningRateFinder.builder().build().run(estimator,"
            + " train)",
        assertThrows(IllegalArgumentException.class, () -> finder.run(null, train)).getMessage());
    try (Estimator estimator = mlp(null, null, 1).build()) {
      assertEquals(
          "run needs training data: a Dataset, as fit takes",
          assertThrows(IllegalArgumentException.class, () -> finder.run(estimator, null))
              .getMessage());
      String trial =
          "trial needs training data and a budget, e.g. trial(train, Budget.batches(100), handler)";
      assertEquals(
          trial,
          assertThrows(
                  IllegalArgumentException.class, () -> estimator.trial(null, Budget.batches(1)))
              .getMessage());
      assertEquals(
          trial,
          assertThrows(IllegalArgumentException.class, () -> estimator.trial(train, null))
              .getMessage());
    }
    assertEquals(
        "LearningRatePlot needs a range test's result: LearningRateFinder...run(estimator, train)",
        assertThrows(IllegalArgumentException.class, () -> LearningRatePlot.of(null)).getMessage());
  }

  @Test
  void settingsAreChecked() {
    assertEquals(
        "start needs a positive learning rate within float's range, got 0.0",
        message(() -> LearningRateFinder.builder().start(0)));
    assertEquals(
        "end needs a positive learning rate within float's range, got 1.0E39",
        message(() -> LearningRateFinder.builder().end(1e39)));
    assertEquals(
        "start needs a positive learning rate within float's range, got NaN",
        message(() -> LearningRateFinder.builder().start(Double.NaN)));
    assertEquals(
        "batches needs 2 or more (the rate goes from start to end over them), got 1",
        message(() -> LearningRateFinder.builder().batches(1)));
    assertEquals(
        "smoothing needs a factor from 0 (no smoothing) up to, not including, 1; fastai's is 0.98."
            + " Got 1.0",
        message(() -> LearningRateFinder.builder().smoothing(1)));
    assertEquals(
        "divergence needs a factor above 1 (fastai's is 4; Double.POSITIVE_INFINITY never stops"
            + " early), got 1.0",
        message(() -> LearningRateFinder.builder().divergence(1)));
    assertEquals(
        "skip needs counts of 0 or more, got begin -1 and end 1",
        message(() -> LearningRateFinder.builder().skip(-1, 1)));
    assertEquals(
        "The range test's end rate (1.00e-03) must be above its start rate (1.00e-01)",
        message(() -> LearningRateFinder.builder().start(0.1).end(1e-3).build()));
    assertEquals(
        "batches(12) leaves fewer than 2 points to suggest a rate from once the first 10 and the"
            + " last 1 are left out: ask for 13 batches or more, or skip fewer with skip(begin,"
            + " end)",
        message(() -> LearningRateFinder.builder().batches(12).build()));
    LearningRateFinder.builder().batches(2).skip(0, 0).smoothing(0).divergence(1.5).build();
  }

  @Test
  void aPlotNeedsRoomForItsCurve() {
    LearningRateFinder.Result curve =
        new LearningRateFinder.Result(List.of(1e-3, 1e-2), List.of(1.0, 0.9), null, 0, 0);
    assertEquals(
        "A plot needs at least 100 x 100 pixels, got 99 x 600",
        message(() -> LearningRatePlot.of(curve).size(99, 600)));
  }

  private static String message(Runnable call) {
    return assertThrows(IllegalArgumentException.class, call::run).getMessage();
  }

  /** After a test that failed at train begin, the estimator trains as it would have. */
  @Test
  void aTestThatCannotRunLeavesTheEstimatorUsable() {
    Sgd sgd = Sgd.builder().learningRate(Tracker.fixed(0.1f)).build();
    try (Estimator estimator =
        Estimator.builder()
            .block(Nets.mlp())
            .loss(Loss.softmaxCrossEntropyLoss())
            .optimizer(sgd)
            .discoverHandlers(false)
            .build()) {
      estimator.fit(train, 1);
      byte[] before = parameters(estimator);
      assertThrows(FitConfigurationException.class, () -> find(estimator, train));
      assertArrayEquals(before, parameters(estimator));
      assertNotEquals(0, estimator.fit(train, 1).batches());
    }
  }
}

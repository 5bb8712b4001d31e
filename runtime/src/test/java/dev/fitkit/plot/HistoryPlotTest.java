package dev.fitkit.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import dev.fitkit.EpochRecord;
import dev.fitkit.Estimator;
import dev.fitkit.History;
import dev.fitkit.LearningRate;
import dev.fitkit.handlers.HistoryHandler;
import dev.fitkit.handlers.ValidationHandler;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.Nets;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PNG of a real fit's history: a valid image of the asked size, with the curves drawn in it.
 */
class HistoryPlotTest {
  private static final Color TRAIN = new Color(0x1f77b4);
  private static final Color VALIDATION = new Color(0xff7f0e);

  @TempDir Path dir;
  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
    Engine.getInstance().setRandomSeed(3);
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private History fit(int epochs, Object... handlers) {
    LearningRate lr = LearningRate.fixed(0.003f);
    try (Estimator estimator =
        Estimator.builder()
            .block(Nets.mlp())
            .loss(Loss.softmaxCrossEntropyLoss())
            .optimizer(Optimizer.adam().optLearningRateTracker(lr).build())
            .learningRate(lr)
            .metrics(new Accuracy())
            .discoverHandlers(false)
            .handlers(handlers)
            .build()) {
      return estimator
          .fit(Blobs.dataset(manager, 320, 32, 1), Blobs.dataset(manager, 160, 40, 2), epochs)
          .history();
    }
  }

  private static BufferedImage read(Path png) throws IOException {
    assertTrue(Files.size(png) > 0, png + " is empty");
    BufferedImage image = ImageIO.read(png.toFile());
    assertTrue(image != null, png + " is not an image ImageIO can read");
    return image;
  }

  /** Pixels within a small distance of {@code color}: the lines drawn in it. */
  private static int pixelsNear(BufferedImage image, Color color) {
    int count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        Color c = new Color(image.getRGB(x, y));
        int d =
            Math.abs(c.getRed() - color.getRed())
                + Math.abs(c.getGreen() - color.getGreen())
                + Math.abs(c.getBlue() - color.getBlue());
        if (d < 30) {
          count++;
        }
      }
    }
    return count;
  }

  private static double nonBackground(BufferedImage image) {
    int background = image.getRGB(0, 0);
    int differ = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if (image.getRGB(x, y) != background) {
          differ++;
        }
      }
    }
    return differ / (double) (image.getWidth() * image.getHeight());
  }

  @Test
  void writesTheCurvesOfAFitToAPng() throws IOException {
    History history = fit(10, new HistoryHandler(true));
    Path png = dir.resolve("plots/blobs/history.png");

    assertSame(
        png, HistoryPlot.of(history).write(png), "returns where it wrote; creates missing folders");
    BufferedImage image = read(png);
    assertEquals(HistoryPlot.DEFAULT_WIDTH, image.getWidth());
    assertEquals(HistoryPlot.DEFAULT_HEIGHT, image.getHeight());
    assertEquals(Color.WHITE.getRGB(), image.getRGB(0, 0), "white background");
    double drawn = nonBackground(image);
    assertTrue(drawn > 0.03 && drawn < 0.5, "some, not all, pixels drawn: " + drawn);
    assertTrue(
        pixelsNear(image, TRAIN) > 500, "training curves in blue: " + pixelsNear(image, TRAIN));
    assertTrue(
        pixelsNear(image, VALIDATION) > 500,
        "validation curves in orange: " + pixelsNear(image, VALIDATION));

    // A copy for people to look at: runtime/target/plots/blobs-history.png.
    HistoryPlot.of(history)
        .title("MLP on three blobs: loss and accuracy")
        .write(Path.of("target", "plots", "blobs-history.png"));
  }

  @Test
  void sizeAndTitleAreOptions() throws IOException {
    History history = fit(3, new ValidationHandler(2));
    Path png =
        HistoryPlot.of(history)
            .title("Validated every second epoch")
            .size(640, 400)
            .write(Path.of("target", "plots", "small.png"));

    BufferedImage image = read(png);
    assertEquals(640, image.getWidth());
    assertEquals(400, image.getHeight());
    assertTrue(pixelsNear(image, VALIDATION) > 50, "one validation point still shows");
  }

  @Test
  void aLossAloneGetsOnePanel() throws IOException {
    History history;
    try (Estimator estimator =
        Estimator.builder()
            .block(Nets.mlp())
            .loss(Loss.softmaxCrossEntropyLoss())
            .discoverHandlers(false)
            .build()) {
      history = estimator.fit(Blobs.dataset(manager, 64, 16, 1), 1).history();
    }
    BufferedImage image = HistoryPlot.of(history).render();
    assertEquals(HistoryPlot.DEFAULT_WIDTH, image.getWidth());
    assertEquals(1, HistoryPlot.of(history).chart().getXYPlot().getRangeAxisCount());
    assertTrue(nonBackground(image) > 0.01);
  }

  @Test
  void manyEpochsAndMetricsOfEveryKind() throws IOException {
    History history = new History();
    for (int epoch = 0; epoch < 60; epoch++) {
      double t = Math.exp(-epoch / 20.0);
      history.add(
          new EpochRecord(
              epoch,
              10,
              0.01,
              Map.of(
                  "train loss",
                  t,
                  "validation loss",
                  t * 1.1,
                  "train accuracy",
                  1 - t / 2,
                  "train top-3 accuracy",
                  1 - t / 4,
                  "gradient norm",
                  3 * t),
              Duration.ofSeconds(1)));
    }
    BufferedImage image =
        read(HistoryPlot.of(history).write(Path.of("target", "plots", "many.png")));
    assertTrue(pixelsNear(image, TRAIN) > 500);
  }

  @Test
  void errorsSayWhatIsWrong() throws IOException {
    assertEquals(
        "Nothing to plot: the history holds no epoch and no batch yet. Plot the history fit"
            + " returns, or from a handler once an epoch has ended.",
        assertThrows(
                IllegalStateException.class,
                () -> HistoryPlot.of(new History()).write(dir.resolve("none.png")))
            .getMessage());
    assertEquals(
        "A plot needs at least 100 x 100 pixels, got 50 x 600",
        assertThrows(
                IllegalArgumentException.class, () -> HistoryPlot.of(new History()).size(50, 600))
            .getMessage());
    assertEquals(
        "HistoryPlot needs a history, e.g. fitResult.history()",
        assertThrows(IllegalArgumentException.class, () -> HistoryPlot.of(null)).getMessage());

    History history = new History();
    history.add(new EpochRecord(0, 1, 0.1, Map.of("train loss", 1.0), Duration.ofSeconds(1)));
    Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
    Path png = file.resolve("plot.png");
    String message =
        assertThrows(UncheckedIOException.class, () -> HistoryPlot.of(history).write(png))
            .getMessage();
    assertTrue(
        message.startsWith(
            "Could not write the plot to " + png + ": java.nio.file.FileAlreadyExistsException"),
        message);
  }
}

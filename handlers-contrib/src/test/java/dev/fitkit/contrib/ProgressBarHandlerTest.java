package dev.fitkit.contrib;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.dataset.ArrayDataset;
import dev.fitkit.Estimator;
import dev.fitkit.event.EventKind;
import dev.fitkit.loss.L2Loss;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProgressBarHandlerTest {
  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  /** y = 2x + 1 with a little noise: 64 samples in 4 batches. */
  private ArrayDataset line() {
    NDArray x = manager.randomUniform(-1, 1, new Shape(64, 1));
    NDArray y =
        x.mul(2).add(1).add(manager.randomNormal(0, 0.01f, new Shape(64, 1), x.getDataType()));
    return new ArrayDataset.Builder().setData(x).optLabels(y).setSampling(16, false).build();
  }

  private Estimator.Builder regression() {
    return Estimator.builder().block(Linear.builder().setUnits(1).build()).loss(new L2Loss());
  }

  @Test
  void drawsOneBarPerEpochInsideARealFit() {
    ByteArrayOutputStream drawn = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(drawn, true, StandardCharsets.UTF_8);
        Estimator estimator =
            regression().discoverHandlers(false).handlers(new ProgressBarHandler(out)).build()) {
      estimator.fit(line(), 2);
    }
    String text = drawn.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("Epoch 1"), text);
    assertTrue(text.contains("Epoch 2"), text);
    assertTrue(text.contains("64/64 samples"), "the bar reaches the epoch's sample count: " + text);
    assertTrue(text.contains("loss "), "the bar shows the running loss: " + text);
  }

  @Test
  void isDiscoveredBecauseItsClassesAreOnTheClassPath() {
    try (Estimator estimator = regression().build()) {
      assertTrue(
          estimator.listenerOrder(EventKind.BATCH_END).contains("contrib.progress-bar#batchEnd"));
    }
    try (Estimator estimator = regression().discoverHandlers(false).build()) {
      assertTrue(
          estimator.listenerOrder(EventKind.BATCH_END).stream()
              .noneMatch(l -> l.startsWith("contrib.")));
    }
  }

  @Test
  void withoutAConsoleItStaysQuietButTrainingRuns() {
    try (Estimator estimator = regression().handlers(new ProgressBarHandler(null)).build()) {
      assertTrue(estimator.fit(line(), 1).history().last().metric("train loss") >= 0);
    }
  }
}

package dev.fitkit.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fitkit.metric.Monitor.Mode;
import org.junit.jupiter.api.Test;

class MonitorTest {

  private static Mode auto(String metric) {
    return Monitor.of(metric, Mode.AUTO).mode();
  }

  @Test
  void autoReadsLossesAndErrorsAsMin() {
    for (String metric :
        new String[] {
          "train loss", "validation loss", "validation error", "train MSE", "validation perplexity"
        }) {
      assertEquals(Mode.MIN, auto(metric), metric);
    }
  }

  @Test
  void autoReadsAccuraciesAndScoresAsMax() {
    for (String metric :
        new String[] {
          "validation accuracy",
          "train acc",
          "validation f1",
          "validation topkaccuracy",
          "dice score"
        }) {
      assertEquals(Mode.MAX, auto(metric), metric);
    }
  }

  @Test
  void aLossIsNeverReadAsAScore() {
    assertEquals(Mode.MIN, auto("validation loss accuracy"));
  }

  @Test
  void anAmbiguousNameIsAnErrorNotAGuess() {
    assertEquals(
        "Cannot tell whether 'validation thing' should go up or down: pass Mode.MIN (losses,"
            + " errors) or Mode.MAX (accuracies, scores) instead of Mode.AUTO",
        assertThrows(
                IllegalArgumentException.class, () -> Monitor.of("validation thing", Mode.AUTO))
            .getMessage());
    assertEquals(
        Mode.MAX,
        Monitor.of("validation thing", Mode.MAX).mode(),
        "an explicit mode needs no guess");
    assertEquals(
        "A monitor needs a metric name, e.g. \"validation loss\"",
        assertThrows(IllegalArgumentException.class, () -> Monitor.of(" ", Mode.MIN)).getMessage());
  }

  @Test
  void improvementDependsOnTheModeAndMinDelta() {
    Monitor loss = Monitor.of("validation loss", Mode.AUTO);
    assertEquals(Double.POSITIVE_INFINITY, loss.worst());
    assertTrue(loss.improves(0.5, loss.worst(), 0));
    assertTrue(loss.improves(0.5, 0.6, 0.05));
    assertFalse(loss.improves(0.5, 0.6, 0.1), "not by more than minDelta");
    assertFalse(loss.improves(Double.NaN, 0.6, 0), "NaN never improves");
    assertEquals("validation loss (min)", loss.toString());

    Monitor accuracy = Monitor.of("validation accuracy", Mode.AUTO);
    assertEquals(Double.NEGATIVE_INFINITY, accuracy.worst());
    assertTrue(accuracy.improves(0.9, 0.8, 0.05));
    assertFalse(accuracy.improves(0.8, 0.9, 0));
    assertEquals("validation accuracy", accuracy.metric());
  }
}

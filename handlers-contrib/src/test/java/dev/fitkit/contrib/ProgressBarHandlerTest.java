package dev.fitkit.contrib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fitkit.FitResult;
import dev.fitkit.Outcome;
import dev.fitkit.event.EventKind;
import dev.fitkit.testsupport.FitHarness;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarHandlerTest {

  @Test
  void drawsOneBarPerEpochInsideARealFit() {
    ByteArrayOutputStream drawn = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(drawn, true, StandardCharsets.UTF_8)) {
      FitHarness.withHandlers(new ProgressBarHandler(out)).epochs(2).fit();
    }
    String text = drawn.toString(StandardCharsets.UTF_8);
    String samples = FitHarness.DEFAULT_SAMPLES + "/" + FitHarness.DEFAULT_SAMPLES + " samples";
    assertTrue(text.contains("Epoch 1"), text);
    assertTrue(text.contains("Epoch 2"), text);
    assertTrue(text.contains(samples), "the bar reaches the epoch's sample count: " + text);
    assertTrue(text.contains("loss "), "the bar shows the running loss: " + text);
    assertTrue(text.contains("accuracy "), "and the running training metrics: " + text);
  }

  @Test
  void isDiscoveredBecauseItsClassesAreOnTheClassPath() {
    assertTrue(
        FitHarness.create()
            .discoverHandlers(true)
            .listenerOrder(EventKind.BATCH_END)
            .contains("contrib.progress-bar#batchEnd"));
    assertTrue(
        FitHarness.create().listenerOrder(EventKind.BATCH_END).stream()
            .noneMatch(l -> l.startsWith("contrib.")),
        "discovery off: the pack's handler does not run");
  }

  @Test
  void withoutAConsoleItStaysQuietButTrainingRuns() {
    FitResult result =
        FitHarness.withHandlers(new ProgressBarHandler(null)).discoverHandlers(true).fit();

    assertEquals(Outcome.COMPLETED, result.outcome());
    assertTrue(result.history().last().metric("train loss") >= 0);
  }
}

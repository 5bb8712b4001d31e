package dev.fitkit.contrib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fitkit.EpochRecord;
import dev.fitkit.FitResult;
import dev.fitkit.testsupport.FitHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvHandlerTest {
  @TempDir Path folder;

  @Test
  void oneRowPerEpochUnderAStableHeaderHoldingTheHistorysValues() throws IOException {
    Path csv = folder.resolve("run/metrics.csv");
    FitResult result = FitHarness.withHandlers(new CsvHandler(csv)).epochs(3).fit();

    List<String> lines = Files.readAllLines(csv);
    assertEquals(
        "epoch,learning rate,train loss,train accuracy,validation loss,validation accuracy",
        lines.get(0));
    assertEquals(4, lines.size(), String.join("\n", lines));
    for (EpochRecord record : result.history().epochs()) {
      List<String> row = CsvHandler.parse(lines.get(record.epoch() + 1));
      assertEquals(Integer.toString(record.epoch()), row.get(0));
      assertEquals(record.learningRate(), Double.parseDouble(row.get(1)));
      assertEquals(record.metric("train loss"), Double.parseDouble(row.get(2)), "exact");
      assertEquals(record.metric("train accuracy"), Double.parseDouble(row.get(3)));
      assertEquals(record.metric("validation loss"), Double.parseDouble(row.get(4)));
      assertEquals(record.metric("validation accuracy"), Double.parseDouble(row.get(5)));
    }
  }

  @Test
  void anEpochWithoutValidationLeavesItsValidationCellsEmpty() throws IOException {
    Path csv = folder.resolve("metrics.csv");
    FitHarness.withHandlers(new CsvHandler(csv))
        .option("fitkit.validation.epoch-period", 2)
        .epochs(2)
        .fit();

    List<String> lines = Files.readAllLines(csv);
    assertEquals(
        "epoch,learning rate,train loss,train accuracy,validation loss,validation accuracy",
        lines.get(0),
        "the header names validation columns before the first validation");
    assertTrue(lines.get(1).endsWith(",,"), lines.get(1));
    assertFalse(lines.get(2).endsWith(","), lines.get(2));
  }

  @Test
  void aNewRunReplacesTheFileAResumedOneContinuesItAsAnUninterruptedRunWroteIt()
      throws IOException {
    Path uninterrupted = folder.resolve("uninterrupted.csv");
    FitHarness.withHandlers(new CsvHandler(uninterrupted)).epochs(3).fit();
    FitHarness.withHandlers(new CsvHandler(uninterrupted)).epochs(3).fit();
    assertEquals(4, Files.readAllLines(uninterrupted).size(), "a new run starts the file again");

    Path resumed = folder.resolve("resumed.csv");
    FitHarness harness = FitHarness.withHandlersFrom(() -> new CsvHandler(resumed)).epochs(3);
    harness.interruptAndResume(folder.resolve("checkpoints"), 8);

    assertEquals(Files.readString(uninterrupted), Files.readString(resumed));
  }

  @Test
  void rowsOfThePartACrashLostAndATornLastLineAreDroppedOnResume() throws IOException {
    Path csv = folder.resolve("metrics.csv");
    Path checkpoints = folder.resolve("checkpoints");
    FitHarness harness = FitHarness.withHandlersFrom(() -> new CsvHandler(csv)).epochs(3);
    harness.checkpoints(checkpoints).epochs(1).fit();
    List<String> afterOneEpoch = Files.readAllLines(csv);
    // What a crash leaves: a row of an epoch the checkpoint does not hold, then half a row.
    Files.writeString(
        csv,
        String.join("\n", afterOneEpoch) + "\n1,0.05,9,9,9,9\n2,0.0",
        java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);

    harness.epochs(3).resume(checkpoints);

    Path uninterrupted = folder.resolve("uninterrupted.csv");
    FitHarness.withHandlers(new CsvHandler(uninterrupted)).epochs(3).fit();
    assertEquals(Files.readString(uninterrupted), Files.readString(csv));
  }

  @Test
  void aFileThatCannotBeWrittenFailsTheFitNamingIt() throws IOException {
    Path blocked = Files.createDirectories(folder.resolve("metrics.csv"));
    RuntimeException e =
        assertThrows(
            RuntimeException.class, () -> FitHarness.withHandlers(new CsvHandler(blocked)).fit());
    String message = TensorBoardHandlerTest.messages(e);
    assertTrue(message.contains("contrib.csv cannot write " + blocked), message);
    assertTrue(message.contains("-Dcontrib.csv.file="), message);
  }

  @Test
  void aMetricThatAppearsAfterTheHeaderIsLeftOutWithOneWarning() throws IOException {
    Path csv = folder.resolve("metrics.csv");
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream saved = System.err;
    System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      FitHarness.withHandlers(new CsvHandler(csv), new LateMetric()).epochs(3).fit();
    } finally {
      System.setErr(saved);
    }
    List<String> lines = Files.readAllLines(csv);
    assertFalse(lines.get(0).contains("train margin"), lines.get(0));
    String log = err.toString(java.nio.charset.StandardCharsets.UTF_8);
    String warning =
        "contrib.csv: metric 'train margin' appeared after the header of " + csv + " was written";
    assertTrue(log.contains(warning), log);
    assertEquals(log.indexOf(warning), log.lastIndexOf(warning), "once: " + log);
  }

  /** Publishes a training metric from the second epoch on. */
  @dev.fitkit.annotations.FitHandler(id = "test.late-metric", autoLoad = false)
  public static final class LateMetric {
    @dev.fitkit.annotations.OnEpochEnd(priority = dev.fitkit.annotations.Priority.DEFAULT)
    void publish(dev.fitkit.event.EpochEnd event) {
      if (event.epoch() >= 1) {
        event.context().putMetric("train margin", 1.0);
      }
    }
  }

  @Test
  void cellsWithCommasOrQuotesAreQuotedAndReadBack() {
    List<String> cells = List.of("plain", "a,b", "say \"hi\"");
    String line = CsvHandler.line(cells);
    assertEquals("plain,\"a,b\",\"say \"\"hi\"\"\"", line);
    assertEquals(cells, CsvHandler.parse(line));
  }
}

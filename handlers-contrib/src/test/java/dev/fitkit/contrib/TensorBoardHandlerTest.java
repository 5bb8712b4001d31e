package dev.fitkit.contrib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fitkit.EpochRecord;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.FitResult;
import dev.fitkit.contrib.tensorboard.TensorFlowEvents;
import dev.fitkit.event.EventKind;
import dev.fitkit.testsupport.FitHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.SessionLog;
import org.tensorflow.proto.Summary;

class TensorBoardHandlerTest {
  @TempDir Path folder;

  @Test
  void writesBatchAndEpochScalarsThatTensorFlowReadsBackAsTheFitRecordedThem() throws Exception {
    Path logs = folder.resolve("logs");
    FitResult result = FitHarness.withHandlers(new TensorBoardHandler(logs, 2)).epochs(2).fit();

    List<Event> train = TensorFlowEvents.read(only(logs.resolve("train")));
    List<Event> validation = TensorFlowEvents.read(only(logs.resolve("validation")));
    assertEquals("brain.Event:2", train.get(0).getFileVersion());
    assertEquals("brain.Event:2", validation.get(0).getFileVersion());

    int perEpoch = FitHarness.create().batchesPerEpoch();
    Map<Long, Float> batchLoss = series(train, "batch_loss");
    assertEquals(perEpoch, batchLoss.size(), "every second batch of two epochs: " + batchLoss);
    assertEquals(List.of(2L, 4L, 6L, 8L, 10L, 12L), List.copyOf(batchLoss.keySet()));
    assertFalse(series(train, "batch_accuracy").isEmpty(), "training metrics per batch too");

    List<EpochRecord> epochs = result.history().epochs();
    for (int epoch = 0; epoch < 2; epoch++) {
      long step = (long) perEpoch * (epoch + 1);
      EpochRecord record = epochs.get(epoch);
      assertEquals((float) record.metric("train loss"), series(train, "epoch_loss").get(step));
      assertEquals(
          (float) record.metric("train accuracy"), series(train, "epoch_accuracy").get(step));
      assertEquals((float) record.learningRate(), series(train, "epoch_learning_rate").get(step));
      assertEquals(
          (float) record.metric("validation loss"), series(validation, "epoch_loss").get(step));
      assertEquals(
          (float) record.metric("validation accuracy"),
          series(validation, "epoch_accuracy").get(step));
    }
  }

  @Test
  void isDiscoveredAndWritesNothingUntilItsDirectoryOptionIsSet() throws Exception {
    FitHarness discovered = FitHarness.create().discoverHandlers(true).epochs(1);
    assertTrue(
        discovered.listenerOrder(EventKind.EPOCH_END).contains("contrib.tensorboard#epochEnd"));
    Path workingDirectory = Path.of("").toAbsolutePath();
    try (Stream<Path> before = Files.list(workingDirectory)) {
      List<Path> entries = before.toList();
      discovered.fit();
      try (Stream<Path> after = Files.list(workingDirectory)) {
        assertEquals(entries, after.toList(), "no option, no files");
      }
    }

    Path logs = folder.resolve("from-option");
    discovered.option("contrib.tensorboard.directory", logs.toString()).fit();
    assertFalse(series(TensorFlowEvents.read(only(logs.resolve("train"))), "batch_loss").isEmpty());
  }

  @Test
  void aResumedRunStartsNewFilesWithASessionStartAtTheFirstStepItTrains() throws Exception {
    Path logs = folder.resolve("logs");
    FitHarness harness = FitHarness.withHandlersFrom(() -> new TensorBoardHandler(logs, 1));
    harness.interruptAndResume(folder.resolve("checkpoints"), 8);

    List<Path> files = files(logs.resolve("train"));
    assertEquals(2, files.size(), "one file per run: " + files);
    Event start = TensorFlowEvents.read(files.get(1)).get(1);
    assertEquals(SessionLog.SessionStatus.START, start.getSessionLog().getStatus());
    assertEquals(9, start.getStep(), "the first step the resumed run trains");
  }

  @Test
  void aMisspelledOptionListsTheOptionsItHas() {
    FitConfigurationException e =
        assertThrows(
            FitConfigurationException.class,
            () ->
                FitHarness.create()
                    .discoverHandlers(true)
                    .option("contrib.tensorboard.dirctory", folder.toString())
                    .fit());
    assertTrue(e.getMessage().contains("contrib.tensorboard.dirctory"), e.getMessage());
    assertTrue(e.getMessage().contains("directory"), e.getMessage());
    assertTrue(e.getMessage().contains("batch-interval"), e.getMessage());
  }

  @Test
  void aDirectoryThatCannotBeMadeFailsTheFitNamingItAndTheWayOut() throws IOException {
    Path blocked = Files.writeString(folder.resolve("a-file"), "not a folder");
    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () -> FitHarness.withHandlers(new TensorBoardHandler(blocked, 1)).fit());
    String message = messages(e);
    assertTrue(message.contains("contrib.tensorboard cannot write"), message);
    assertTrue(message.contains(blocked.resolve("train").toString()), message);
    assertTrue(message.contains("-Dcontrib.tensorboard.directory="), message);
    assertTrue(message.contains("-Dfitkit.handlers.deny=contrib.tensorboard"), message);
  }

  @Test
  void aNegativeBatchIntervalIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new TensorBoardHandler(folder, -1));
    assertTrue(e.getMessage().contains("batch-interval must be 0"), e.getMessage());
  }

  static Map<Long, Float> series(List<Event> events, String tag) {
    Map<Long, Float> series = new TreeMap<>();
    for (Event event : events) {
      for (Summary.Value value : event.getSummary().getValueList()) {
        if (value.getTag().equals(tag)) {
          series.put(event.getStep(), value.getSimpleValue());
        }
      }
    }
    return series;
  }

  static String messages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString();
  }

  static List<Path> files(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.sorted().toList();
    }
  }

  private static Path only(Path directory) throws IOException {
    List<Path> files = files(directory);
    assertEquals(1, files.size(), files.toString());
    return files.get(0);
  }
}

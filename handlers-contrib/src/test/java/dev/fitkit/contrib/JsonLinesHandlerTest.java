package dev.fitkit.contrib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fitkit.testsupport.FitHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesHandlerTest {
  @TempDir Path folder;

  @Test
  void oneObjectPerIntervalOfTrainingBatches() throws IOException {
    Path file = folder.resolve("steps.jsonl");
    FitHarness.withHandlers(new JsonLinesHandler(file, 3)).epochs(2).fit();

    List<String> lines = Files.readAllLines(file);
    int perEpoch = FitHarness.create().batchesPerEpoch();
    assertEquals(2 * perEpoch / 3, lines.size(), String.join("\n", lines));
    JsonObject first = JsonParser.parseString(lines.get(0)).getAsJsonObject();
    assertEquals(3, first.get("step").getAsLong());
    assertEquals(0, first.get("epoch").getAsInt());
    assertEquals(2, first.get("batch").getAsLong());
    assertEquals(FitHarness.DEFAULT_LEARNING_RATE, first.get("learning_rate").getAsFloat());
    assertTrue(first.getAsJsonObject("metrics").get("train loss").getAsDouble() > 0, lines.get(0));
    JsonObject last = JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
    assertEquals(2L * perEpoch, last.get("step").getAsLong());
    assertEquals(1, last.get("epoch").getAsInt());
  }

  @Test
  void isOffWithoutItsFileOptionAndOnWithIt() throws IOException {
    Path file = folder.resolve("steps.jsonl");
    FitHarness.create().discoverHandlers(true).epochs(1).fit();
    assertTrue(Files.notExists(file));
    FitHarness.create()
        .discoverHandlers(true)
        .option("contrib.jsonl.file", file.toString())
        .option("contrib.jsonl.batch-interval", 2)
        .epochs(1)
        .fit();
    assertEquals(FitHarness.create().batchesPerEpoch() / 2, Files.readAllLines(file).size());
  }

  @Test
  void aResumedRunContinuesTheFileAsAnUninterruptedRunWroteIt() throws IOException {
    Path uninterrupted = folder.resolve("uninterrupted.jsonl");
    FitHarness.withHandlers(new JsonLinesHandler(uninterrupted, 1)).epochs(2).fit();
    Path resumed = folder.resolve("resumed.jsonl");
    FitHarness.withHandlersFrom(() -> new JsonLinesHandler(resumed, 1))
        .epochs(2)
        .interruptAndResume(folder.resolve("checkpoints"), 5);

    assertEquals(Files.readString(uninterrupted), Files.readString(resumed));
  }

  @Test
  void anIntervalBelowOneIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new JsonLinesHandler(folder, 0));
    assertTrue(e.getMessage().contains("contrib.jsonl.batch-interval must be 1"), e.getMessage());
  }

  @Test
  void aFileThatCannotBeWrittenFailsTheFitNamingIt() throws IOException {
    Path blocked = Files.createDirectories(folder.resolve("steps.jsonl"));
    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () -> FitHarness.withHandlers(new JsonLinesHandler(blocked, 1)).fit());
    String message = TensorBoardHandlerTest.messages(e);
    assertTrue(message.contains("contrib.jsonl cannot write " + blocked), message);
  }
}

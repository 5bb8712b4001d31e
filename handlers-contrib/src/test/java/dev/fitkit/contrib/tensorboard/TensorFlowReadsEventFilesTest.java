package dev.fitkit.contrib.tensorboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.SessionLog;
import org.tensorflow.proto.Summary;

/** The writer's files as TensorFlow reads them: framing, CRCs and protos. */
class TensorFlowReadsEventFilesTest {
  @TempDir Path folder;

  @Test
  void versionScalarsAndSessionStartReadBackWithTheirValues() throws Exception {
    Path path;
    try (EventFile file = EventFile.create(folder)) {
      path = file.path();
      Map<String, Float> scalars = new LinkedHashMap<>();
      scalars.put("epoch_loss", 0.25f);
      scalars.put("epoch_accuracy", 0.875f);
      file.scalars(7, scalars);
      file.sessionStart(300_000_000_000L);
    }
    assertTrue(path.getFileName().toString().startsWith("events.out.tfevents."), path.toString());

    List<Event> events = TensorFlowEvents.read(path);

    assertEquals(3, events.size());
    assertEquals(SummaryEvents.FILE_VERSION, events.get(0).getFileVersion());
    assertTrue(events.get(0).getWallTime() > 1.7e9, "wall time in seconds");
    Event scalars = events.get(1);
    assertEquals(7, scalars.getStep());
    List<Summary.Value> values = scalars.getSummary().getValueList();
    assertEquals("epoch_loss", values.get(0).getTag());
    assertEquals(0.25f, values.get(0).getSimpleValue());
    assertEquals("epoch_accuracy", values.get(1).getTag());
    assertEquals(0.875f, values.get(1).getSimpleValue());
    assertEquals(300_000_000_000L, events.get(2).getStep());
    assertEquals(SessionLog.SessionStatus.START, events.get(2).getSessionLog().getStatus());
  }

  @Test
  void aFlippedBitFailsTensorFlowsCrcCheck() throws Exception {
    Path path;
    try (EventFile file = EventFile.create(folder)) {
      path = file.path();
      file.scalars(1, Map.of("batch_loss", 1.5f));
    }
    byte[] bytes = Files.readAllBytes(path);
    bytes[bytes.length - 6] ^= 0x01;
    Files.write(path, bytes);

    Exception e = assertThrows(Exception.class, () -> TensorFlowEvents.read(path));
    assertTrue(String.valueOf(e.getMessage()).contains("corrupted record"), e.toString());
  }
}

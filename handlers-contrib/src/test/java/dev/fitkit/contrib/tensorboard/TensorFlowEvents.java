package dev.fitkit.contrib.tensorboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.op.Ops;
import org.tensorflow.op.io.FifoQueue;
import org.tensorflow.op.io.ReaderRead;
import org.tensorflow.op.io.TfRecordReader;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;
import org.tensorflow.types.TString;

/**
 * Reads an event file with TensorFlow's own TFRecord reader (the {@code TFRecordReaderV2} kernel
 * over {@code io::RecordReader}, which checks both CRCs of every record and fails on a corrupt one)
 * and parses each record with TensorFlow's {@code Event} proto: what TensorBoard does, without a
 * TensorBoard. (Not {@code TFRecordDataset}: TF 2.16 cannot rebuild the node it serializes when an
 * iterator is made.)
 */
public final class TensorFlowEvents {
  private TensorFlowEvents() {}

  public static List<Event> read(Path file) throws Exception {
    List<Event> events = new ArrayList<>();
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      FifoQueue files = tf.io.fifoQueue(List.of(TString.class));
      TfRecordReader reader = tf.io.tfRecordReader();
      ReaderRead read = tf.io.readerRead(reader.readerHandle(), files.handle());
      session
          .runner()
          .addTarget(tf.io.queueEnqueue(files.handle(), List.of(tf.constant(file.toString()))))
          .run();
      session.runner().addTarget(tf.io.queueClose(files.handle())).run();
      while (true) {
        try (Result result = session.runner().fetch(read.value()).run()) {
          events.add(Event.parseFrom(((TString) result.get(0)).asBytes().getObject()));
        } catch (TFOutOfRangeException end) {
          return events;
        }
      }
    }
  }

  /**
   * Every {@code tag@step} scalar TensorBoard shows for the event files of {@code directory}, read
   * in name order: a session start drops what earlier files hold at or after its step.
   */
  public static Map<String, Float> shownScalars(Path directory) throws Exception {
    List<Path> files;
    try (Stream<Path> list = Files.list(directory)) {
      files = list.sorted().toList();
    }
    Map<String, Float> shown = new TreeMap<>();
    for (Path file : files) {
      for (Event event : read(file)) {
        if (event.hasSessionLog()) {
          shown.keySet().removeIf(key -> stepOf(key) >= event.getStep());
        }
        for (Summary.Value value : event.getSummary().getValueList()) {
          shown.put(value.getTag() + "@" + event.getStep(), value.getSimpleValue());
        }
      }
    }
    return shown;
  }

  private static long stepOf(String key) {
    return Long.parseLong(key.substring(key.indexOf('@') + 1));
  }
}

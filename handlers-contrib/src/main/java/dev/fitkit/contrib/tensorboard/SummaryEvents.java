package dev.fitkit.contrib.tensorboard;

import java.util.Map;

/**
 * TensorBoard's {@code tensorflow.Event} messages (tensorflow/core/util/event.proto): the version
 * record that opens a file, scalar summaries and the session start that tells TensorBoard to drop
 * what a crashed run wrote after the step it resumes from.
 */
public final class SummaryEvents {
  /** The {@code file_version} TensorBoard expects in the first record of an event file. */
  public static final String FILE_VERSION = "brain.Event:2";

  // Field numbers of event.proto and summary.proto.
  private static final int EVENT_WALL_TIME = 1;
  private static final int EVENT_STEP = 2;
  private static final int EVENT_FILE_VERSION = 3;
  private static final int EVENT_SUMMARY = 5;
  private static final int EVENT_SESSION_LOG = 7;
  private static final int SUMMARY_VALUE = 1;
  private static final int VALUE_TAG = 1;
  private static final int VALUE_SIMPLE_VALUE = 2;
  private static final int SESSION_LOG_STATUS = 1;
  private static final int SESSION_LOG_START = 1;

  private SummaryEvents() {}

  /** The first record of every event file. */
  public static byte[] fileVersion(double wallTimeSeconds) {
    return new ProtoWriter()
        .doubleField(EVENT_WALL_TIME, wallTimeSeconds)
        .stringField(EVENT_FILE_VERSION, FILE_VERSION)
        .toByteArray();
  }

  /** One event holding a scalar per tag, all at {@code step}. */
  public static byte[] scalars(double wallTimeSeconds, long step, Map<String, Float> values) {
    ProtoWriter summary = new ProtoWriter();
    values.forEach(
        (tag, value) ->
            summary.messageField(
                SUMMARY_VALUE,
                new ProtoWriter()
                    .stringField(VALUE_TAG, tag)
                    .floatField(VALUE_SIMPLE_VALUE, value)));
    return new ProtoWriter()
        .doubleField(EVENT_WALL_TIME, wallTimeSeconds)
        .int64Field(EVENT_STEP, step)
        .messageField(EVENT_SUMMARY, summary)
        .toByteArray();
  }

  /**
   * A session start at {@code step}: TensorBoard discards the events of earlier files whose step is
   * at or after it, so a resumed run does not show the part a crash lost twice.
   */
  public static byte[] sessionStart(double wallTimeSeconds, long step) {
    return new ProtoWriter()
        .doubleField(EVENT_WALL_TIME, wallTimeSeconds)
        .int64Field(EVENT_STEP, step)
        .messageField(
            EVENT_SESSION_LOG, new ProtoWriter().int64Field(SESSION_LOG_STATUS, SESSION_LOG_START))
        .toByteArray();
  }
}

package dev.fitkit.event;

import java.util.List;

/**
 * The events of the training loop, one constant per handler annotation.
 *
 * @param <E> the event object handed to handler methods
 */
public final class EventKind<E> {
  public static final EventKind<TrainBegin> TRAIN_BEGIN =
      new EventKind<>("train begin", TrainBegin.class);
  public static final EventKind<TrainEnd> TRAIN_END = new EventKind<>("train end", TrainEnd.class);
  public static final EventKind<EpochBegin> EPOCH_BEGIN =
      new EventKind<>("epoch begin", EpochBegin.class);
  public static final EventKind<EpochEnd> EPOCH_END = new EventKind<>("epoch end", EpochEnd.class);
  public static final EventKind<BatchBegin> BATCH_BEGIN =
      new EventKind<>("batch begin", BatchBegin.class);
  public static final EventKind<BatchEnd> BATCH_END = new EventKind<>("batch end", BatchEnd.class);
  public static final EventKind<ValidationBegin> VALIDATION_BEGIN =
      new EventKind<>("validation begin", ValidationBegin.class);
  public static final EventKind<ValidationBatchEnd> VALIDATION_BATCH_END =
      new EventKind<>("validation batch end", ValidationBatchEnd.class);
  public static final EventKind<ValidationEnd> VALIDATION_END =
      new EventKind<>("validation end", ValidationEnd.class);

  /** Every kind, in the order the loop first fires them. */
  public static final List<EventKind<?>> ALL =
      List.of(
          TRAIN_BEGIN,
          EPOCH_BEGIN,
          BATCH_BEGIN,
          BATCH_END,
          VALIDATION_BEGIN,
          VALIDATION_BATCH_END,
          VALIDATION_END,
          EPOCH_END,
          TRAIN_END);

  private final String name;
  private final Class<E> eventType;

  private EventKind(String name, Class<E> eventType) {
    this.name = name;
    this.eventType = eventType;
  }

  public Class<E> eventType() {
    return eventType;
  }

  @Override
  public String toString() {
    return name;
  }
}

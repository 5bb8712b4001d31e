package dev.fitkit.event;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An event of the training loop, one per event class: the loop's own (one constant each, below) and
 * those packs declare with {@code @HandlerEvent} and fire with {@link FitContext#publish}.
 *
 * @param <E> the event object handed to handler methods
 */
public final class EventKind<E> {
  private static final Map<Class<?>, EventKind<?>> KINDS = new ConcurrentHashMap<>();

  public static final EventKind<TrainBegin> TRAIN_BEGIN = of(TrainBegin.class);
  public static final EventKind<TrainEnd> TRAIN_END = of(TrainEnd.class);
  public static final EventKind<EpochBegin> EPOCH_BEGIN = of(EpochBegin.class);
  public static final EventKind<EpochEnd> EPOCH_END = of(EpochEnd.class);
  public static final EventKind<BatchBegin> BATCH_BEGIN = of(BatchBegin.class);
  public static final EventKind<BeforeUpdate> BEFORE_UPDATE = of(BeforeUpdate.class);
  public static final EventKind<BatchEnd> BATCH_END = of(BatchEnd.class);
  public static final EventKind<ValidationBegin> VALIDATION_BEGIN = of(ValidationBegin.class);
  public static final EventKind<ValidationBatchBegin> VALIDATION_BATCH_BEGIN =
      of(ValidationBatchBegin.class);
  public static final EventKind<ValidationBatchEnd> VALIDATION_BATCH_END =
      of(ValidationBatchEnd.class);
  public static final EventKind<ValidationEnd> VALIDATION_END = of(ValidationEnd.class);
  public static final EventKind<CheckpointSaved> CHECKPOINT_SAVED = of(CheckpointSaved.class);
  public static final EventKind<PredictBegin> PREDICT_BEGIN = of(PredictBegin.class);
  public static final EventKind<PredictBatchEnd> PREDICT_BATCH_END = of(PredictBatchEnd.class);
  public static final EventKind<PredictEnd> PREDICT_END = of(PredictEnd.class);

  /** The loop's own kinds, in the order it first fires them. */
  public static final List<EventKind<?>> ALL =
      List.of(
          TRAIN_BEGIN,
          EPOCH_BEGIN,
          BATCH_BEGIN,
          BATCH_END,
          BEFORE_UPDATE,
          VALIDATION_BEGIN,
          VALIDATION_BATCH_BEGIN,
          VALIDATION_BATCH_END,
          VALIDATION_END,
          EPOCH_END,
          CHECKPOINT_SAVED,
          TRAIN_END,
          PREDICT_BEGIN,
          PREDICT_BATCH_END,
          PREDICT_END);

  private final String name;
  private final Class<E> eventType;

  private EventKind(Class<E> eventType) {
    this.eventType = eventType;
    this.name = words(eventType.getSimpleName());
  }

  /** The kind of events of class {@code eventType}: one instance per class. */
  @SuppressWarnings("unchecked") // KINDS maps each class to a kind of that class
  public static <E> EventKind<E> of(Class<E> eventType) {
    return (EventKind<E>) KINDS.computeIfAbsent(eventType, EventKind::new);
  }

  public Class<E> eventType() {
    return eventType;
  }

  /** {@code "validation batch end"} for {@code ValidationBatchEnd}. */
  private static String words(String simpleName) {
    return simpleName.replaceAll("(?<=[a-z0-9])(?=[A-Z])", " ").toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public String toString() {
    return name;
  }
}

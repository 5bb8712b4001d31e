package dev.fitkit.processor;

import dev.fitkit.annotations.OnBatchBegin;
import dev.fitkit.annotations.OnBatchEnd;
import dev.fitkit.annotations.OnEpochBegin;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.annotations.OnTrainBegin;
import dev.fitkit.annotations.OnTrainEnd;
import dev.fitkit.annotations.OnValidationBatchEnd;
import dev.fitkit.annotations.OnValidationBegin;
import dev.fitkit.annotations.OnValidationEnd;
import java.lang.annotation.Annotation;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one table of events: annotation, event class, and whether a handler may return {@code
 * boolean} to ask training to stop. Constant names equal those of {@code
 * dev.fitkit.event.EventKind}, so adding an event is one line here.
 */
enum Event {
  TRAIN_BEGIN(OnTrainBegin.class, "TrainBegin", false),
  TRAIN_END(OnTrainEnd.class, "TrainEnd", false),
  EPOCH_BEGIN(OnEpochBegin.class, "EpochBegin", false),
  EPOCH_END(OnEpochEnd.class, "EpochEnd", true),
  BATCH_BEGIN(OnBatchBegin.class, "BatchBegin", false),
  BATCH_END(OnBatchEnd.class, "BatchEnd", true),
  VALIDATION_BEGIN(OnValidationBegin.class, "ValidationBegin", false),
  VALIDATION_BATCH_END(OnValidationBatchEnd.class, "ValidationBatchEnd", false),
  VALIDATION_END(OnValidationEnd.class, "ValidationEnd", false);

  static final String EVENT_PACKAGE = "dev.fitkit.event";

  private final Class<? extends Annotation> annotation;
  private final String eventSimpleName;
  private final boolean mayStop;

  Event(Class<? extends Annotation> annotation, String eventSimpleName, boolean mayStop) {
    this.annotation = annotation;
    this.eventSimpleName = eventSimpleName;
    this.mayStop = mayStop;
  }

  String annotationName() {
    return annotation.getCanonicalName();
  }

  /** The annotation as users write it, for messages: {@code @OnEpochEnd}. */
  String annotationLabel() {
    return "@" + annotation.getSimpleName();
  }

  String eventTypeName() {
    return EVENT_PACKAGE + "." + eventSimpleName;
  }

  /** Whether a handler method may return {@code boolean}, {@code true} asking training to stop. */
  boolean mayStop() {
    return mayStop;
  }

  static Optional<Event> forAnnotation(String qualifiedName) {
    return Arrays.stream(values())
        .filter(e -> e.annotationName().equals(qualifiedName))
        .findFirst();
  }

  /** The annotations that may stop training, for messages: "@OnEpochEnd and @OnBatchEnd". */
  static String stoppingAnnotations() {
    return Arrays.stream(values())
        .filter(Event::mayStop)
        .map(Event::annotationLabel)
        .collect(Collectors.joining(" and "));
  }
}

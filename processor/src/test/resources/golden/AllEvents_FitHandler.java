package com.example;

import dev.fitkit.event.EventKind;
import dev.fitkit.spi.HandlerBinding;
import dev.fitkit.spi.ListenerRegistry;
import java.lang.Class;
import java.lang.Object;
import java.lang.Override;
import java.lang.String;
import javax.annotation.processing.Generated;

@Generated("dev.fitkit.processor.HandlerProcessor")
public final class AllEvents_FitHandler implements HandlerBinding<AllEvents> {
  @Override
  public Class<AllEvents> handlerClass() {
    return AllEvents.class;
  }

  @Override
  public String id() {
    return "all-events";
  }

  @Override
  public boolean autoLoad() {
    return false;
  }

  @Override
  public void bind(AllEvents handler, ListenerRegistry registry) {
    registry.add(EventKind.TRAIN_BEGIN, -1000, "trainBegin", event -> {
      handler.trainBegin(event);
      return false;
    });
    registry.add(EventKind.TRAIN_END, 2147483647, "trainEnd", event -> {
      handler.trainEnd();
      return false;
    });
    registry.add(EventKind.EPOCH_BEGIN, 0, "anyEvent", event -> {
      handler.anyEvent(event);
      return false;
    });
    registry.add(EventKind.VALIDATION_BEGIN, -5, "anyEvent", event -> {
      handler.anyEvent(event);
      return false;
    });
    registry.add(EventKind.EPOCH_END, -800, "epochEnd", event -> handler.epochEnd());
    registry.add(EventKind.BATCH_BEGIN, 0, "batchBegin", event -> {
      handler.batchBegin(event);
      return false;
    });
    registry.add(EventKind.BATCH_END, -2000, "batchEnd", event -> handler.batchEnd(event));
    registry.add(EventKind.VALIDATION_BATCH_END, 0, "validation", event -> {
      handler.validation((Object) event);
      return false;
    });
    registry.add(EventKind.VALIDATION_END, 0, "validationEnd", event -> {
      handler.validationEnd();
      return false;
    });
  }
}

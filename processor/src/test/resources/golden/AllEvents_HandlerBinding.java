package com.example;

import dev.fitkit.event.BatchBegin;
import dev.fitkit.event.BatchEnd;
import dev.fitkit.event.EpochBegin;
import dev.fitkit.event.EpochEnd;
import dev.fitkit.event.TrainBegin;
import dev.fitkit.event.TrainEnd;
import dev.fitkit.event.ValidationBatchEnd;
import dev.fitkit.event.ValidationBegin;
import dev.fitkit.event.ValidationEnd;
import dev.fitkit.spi.HandlerBinding;
import dev.fitkit.spi.ListenerRegistry;
import java.lang.Class;
import java.lang.Object;
import java.lang.Override;
import java.lang.String;
import javax.annotation.processing.Generated;

@Generated("dev.fitkit.processor.HandlerProcessor")
public final class AllEvents_HandlerBinding implements HandlerBinding<AllEvents> {
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
    registry.add(TrainBegin.class, -1000, "trainBegin", event -> {
      handler.trainBegin(event);
      return false;
    });
    registry.add(TrainEnd.class, 2147483647, "trainEnd", event -> {
      handler.trainEnd();
      return false;
    });
    registry.add(EpochBegin.class, 0, "anyEvent", event -> {
      handler.anyEvent(event);
      return false;
    });
    registry.add(ValidationBegin.class, -5, "anyEvent", event -> {
      handler.anyEvent(event);
      return false;
    });
    registry.add(EpochEnd.class, -800, "epochEnd", event -> handler.epochEnd());
    registry.add(BatchBegin.class, 0, "batchBegin", event -> {
      handler.batchBegin(event);
      return false;
    });
    registry.add(BatchEnd.class, -2000, "batchEnd", event -> handler.batchEnd(event));
    registry.add(ValidationBatchEnd.class, 0, "validation", event -> {
      handler.validation((Object) event);
      return false;
    });
    registry.add(ValidationEnd.class, 0, "validationEnd", event -> {
      handler.validationEnd();
      return false;
    });
  }
}

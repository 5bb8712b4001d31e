package com.example;

import dev.fitkit.event.EpochEnd;
import dev.fitkit.event.TrainBegin;
import dev.fitkit.spi.HandlerBinding;
import dev.fitkit.spi.ListenerRegistry;
import java.lang.Class;
import java.lang.Override;
import java.lang.String;
import javax.annotation.processing.Generated;

@Generated("dev.fitkit.processor.HandlerProcessor")
public final class StopAtTarget_HandlerBinding implements HandlerBinding<StopAtTarget> {
  @Override
  public Class<StopAtTarget> handlerClass() {
    return StopAtTarget.class;
  }

  @Override
  public String id() {
    return "com.example.StopAtTarget";
  }

  @Override
  public boolean autoLoad() {
    return true;
  }

  @Override
  public void bind(StopAtTarget handler, ListenerRegistry registry) {
    registry.add(EpochEnd.class, 100, "reached", event -> handler.reached(event));
    registry.add(TrainBegin.class, 0, "start", event -> {
      handler.start();
      return false;
    });
  }
}

package com.example;

import dev.fitkit.event.EpochEnd;
import dev.fitkit.spi.HandlerBinding;
import dev.fitkit.spi.ListenerRegistry;
import java.lang.Class;
import java.lang.Override;
import java.lang.String;
import javax.annotation.processing.Generated;

@Generated("dev.fitkit.processor.HandlerProcessor")
public final class Outer_Inner_HandlerBinding implements HandlerBinding<Outer.Inner> {
  @Override
  public Class<Outer.Inner> handlerClass() {
    return Outer.Inner.class;
  }

  @Override
  public String id() {
    return "com.example.Outer$Inner";
  }

  @Override
  public boolean autoLoad() {
    return true;
  }

  @Override
  public void bind(Outer.Inner handler, ListenerRegistry registry) {
    registry.add(EpochEnd.class, 0, "log", event -> {
      handler.log(event);
      return false;
    });
  }
}

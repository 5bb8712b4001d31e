package com.example;

import dev.fitkit.annotations.HandlerEvent;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

class BadCustomEvents {
  /** Not an event the loop can fire. */
  static final class Ping {}

  @HandlerEvent("com.example.BadCustomEvents.Ping")
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.METHOD)
  @interface OnPing {
    int priority() default 0;
  }

  @HandlerEvent("dev.fitkit.event.TrainBegin")
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.METHOD)
  @interface OnUnordered {}

  @OnPing
  void ping() {}

  @OnUnordered
  void unordered() {}
}

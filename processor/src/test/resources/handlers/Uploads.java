package com.example;

import dev.fitkit.annotations.HandlerEvent;
import dev.fitkit.annotations.Priority;
import dev.fitkit.event.FitEvent;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A pack's own event kind: its annotation, its event class, and a handler of it. */
public final class Uploads {
  /** The event a pack fires when it uploaded a file. */
  public static final class Uploaded extends FitEvent {}

  @HandlerEvent(value = "com.example.Uploads.Uploaded", mayStop = true)
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.METHOD)
  public @interface OnUploaded {
    int priority() default Priority.DEFAULT;
  }

  @OnUploaded(priority = 5)
  boolean uploaded(Uploaded event) {
    return false;
  }
}

package dev.fitkit.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Optional class-level settings of a handler. Any class with event-annotated methods is a handler;
 * this annotation only changes its defaults.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface FitHandler {
  /**
   * Stable id used for ordering, logs, stop reasons and checkpoint state; defaults to the class's
   * binary name.
   */
  String id() default "";

  /**
   * Whether the handler is created and run by every {@code Estimator} that finds it on the
   * classpath. Set {@code false} for handlers that need settings from their user (a folder, a
   * monitored metric): they then run only when passed to the builder.
   */
  boolean autoLoad() default true;
}

package org.example.fitpack;

/**
 * Where {@link EpochLineHandler} writes its lines. {@link TemplatePackModule} binds standard output
 * as the default; a user (or a test) replaces it with {@code
 * OptionalBinder.newOptionalBinder(binder, LineSink.class).setBinding().toInstance(...)} in a
 * module passed to {@code Estimator.builder().modules(...)}.
 */
@FunctionalInterface
public interface LineSink {
  void line(String text);
}

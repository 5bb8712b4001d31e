package dev.fitkit.spi;

/**
 * Connects one handler class to the training loop. The annotation processor generates one
 * implementation per handler class ({@code Foo_HandlerBinding}) and registers it in {@code
 * META-INF/services/dev.fitkit.spi.HandlerBinding}; the runtime finds it with {@link
 * java.util.ServiceLoader} and calls the handler's methods through it, with no reflection.
 *
 * @param <H> the handler class
 */
public interface HandlerBinding<H> {

  /** The handler class, which Guice instantiates when the handler is auto-loaded. */
  Class<H> handlerClass();

  /** The handler's stable id: {@code @FitHandler(id)} or the class's binary name. */
  String id();

  /**
   * Whether every {@code Estimator} that finds this binding runs the handler without being asked.
   */
  boolean autoLoad();

  /** Registers one listener per annotated method of {@code handler}. */
  void bind(H handler, ListenerRegistry registry);
}

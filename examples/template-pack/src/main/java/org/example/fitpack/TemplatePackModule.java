package org.example.fitpack;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.OptionalBinder;
import dev.fitkit.spi.FitModule;

/**
 * The pack's Guice module. Listed in {@code META-INF/services/dev.fitkit.spi.FitModule}, so every
 * estimator that discovers handlers installs it next to the user's modules; an estimator with
 * discovery off that asks for {@link EpochLineHandler} by type installs it itself: {@code
 * .modules(new TemplatePackModule())}.
 *
 * <p>It binds defaults only, through {@link OptionalBinder}, so a user's module can override them
 * without a duplicate-binding error. All instances are equal, so Guice installs it once even when
 * it is both discovered and passed.
 */
public final class TemplatePackModule extends AbstractModule implements FitModule {
  @Override
  protected void configure() {
    OptionalBinder.newOptionalBinder(binder(), LineSink.class)
        .setDefault()
        .toInstance(text -> System.out.println(text));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TemplatePackModule;
  }

  @Override
  public int hashCode() {
    return TemplatePackModule.class.hashCode();
  }
}

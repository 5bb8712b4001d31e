package dev.fitkit.testsupport;

import com.google.inject.AbstractModule;
import com.google.inject.name.Names;
import dev.fitkit.spi.FitModule;

/** A pack's module, listed in this module's test resources' {@code META-INF/services}. */
public final class TestPackModule extends AbstractModule implements FitModule {
  @Override
  protected void configure() {
    bindConstant().annotatedWith(Names.named("test.pack.word")).to("from the pack's module");
  }
}

package com.example.pack;

import com.google.inject.AbstractModule;
import com.google.inject.name.Names;
import dev.fitkit.spi.FitModule;

/** The pack's own settings, installed by every estimator that discovers the pack. */
public final class PackModule extends AbstractModule implements FitModule {
  @Override
  protected void configure() {
    bindConstant().annotatedWith(Names.named("pack.word")).to("epoch");
  }
}

package dev.fitkit.spi;

import com.google.inject.Module;

/**
 * A Guice module a handler pack contributes: list its class in {@code
 * META-INF/services/dev.fitkit.spi.FitModule} and every {@code Estimator} that discovers handlers
 * installs it, so the pack's handlers get their settings injected.
 */
public interface FitModule extends Module {}

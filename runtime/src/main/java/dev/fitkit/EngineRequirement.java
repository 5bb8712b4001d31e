package dev.fitkit;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Fails fast, naming the Maven artifacts to add, when no engine that can train is on the class
 * path: without one, DJL's first call answers with a bare "Not supported!".
 */
final class EngineRequirement {
  private EngineRequirement() {}

  static void require() {
    String name;
    try {
      name = Engine.getInstance().getEngineName();
    } catch (RuntimeException | LinkageError e) {
      throw new FitConfigurationException(missing() + " (DJL: " + e + ")", e);
    }
    if ("RPC".equals(name)) {
      throw new FitConfigurationException(
          missing() + " (DJL found only its RPC engine, which cannot train)");
    }
  }

  static String missing() {
    Properties artifacts = artifacts();
    return "No DJL engine that can train is on the class path. fitkit trains on DJL's PyTorch"
        + " engine: add the dependencies "
        + artifacts.getProperty("engine")
        + ", "
        + artifacts.getProperty("jni")
        + " and "
        + artifacts.getProperty("natives")
        + " (classifier linux-x86_64), and run with -Dai.djl.offline=true so the natives come from"
        + " that jar, not a download";
  }

  private static Properties artifacts() {
    Properties properties = new Properties();
    try (InputStream in = EngineRequirement.class.getResourceAsStream("engine.properties")) {
      if (in == null) {
        throw new IllegalStateException(
            "dev/fitkit/engine.properties is missing from fitkit-runtime");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}

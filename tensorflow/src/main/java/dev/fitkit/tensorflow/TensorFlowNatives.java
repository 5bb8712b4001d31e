package dev.fitkit.tensorflow;

import ai.djl.engine.Engine;
import dev.fitkit.FitConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DJL's TensorFlow engine with its natives from Maven Central. DJL does not find natives in a jar
 * on the class path (it would download them, which fails offline); so on first use the libraries of
 * {@code org.tensorflow:tensorflow-core-native} ({@code linux-x86_64}) are copied into a cache
 * folder ({@code fitkit.tensorflow.cache}, else {@code $XDG_CACHE_HOME/fitkit/tensorflow}, else
 * {@code ~/.cache/fitkit/tensorflow}), once per version, and DJL is pointed at them. JavaCPP is
 * told to prefer that folder, so no second copy of TensorFlow is loaded from the jar.
 */
public final class TensorFlowNatives {
  /** The Maven artifact whose libraries this loads. */
  public static final String ARTIFACT = "org.tensorflow:tensorflow-core-native";

  /** The system property naming the cache root. */
  public static final String CACHE_PROPERTY = "fitkit.tensorflow.cache";

  static final String RESOURCE_FOLDER = "org/tensorflow/internal/c_api/linux-x86_64/";
  static final List<String> LIBRARIES =
      List.of("libtensorflow_framework.so.2", "libtensorflow_cc.so.2", "libjnitensorflow.so");
  private static final String LIBRARY_PATH = "TENSORFLOW_LIBRARY_PATH";
  private static final Logger LOG = LoggerFactory.getLogger(TensorFlowNatives.class);

  private static Path installed;

  private TensorFlowNatives() {}

  /**
   * Copies the natives into the cache when they are not there yet and points DJL at them; returns
   * their folder. A {@code TENSORFLOW_LIBRARY_PATH} the user set (variable or property) is left as
   * it is.
   */
  public static synchronized Path install() {
    if (installed != null) {
      return installed;
    }
    String preset = System.getenv(LIBRARY_PATH);
    if (preset == null) {
      preset = System.getProperty(LIBRARY_PATH);
    }
    if (preset != null) {
      LOG.info("TensorFlow natives from {}={}", LIBRARY_PATH, preset);
      installed = Path.of(preset);
      return installed;
    }
    ClassLoader loader = TensorFlowNatives.class.getClassLoader();
    String version = version();
    Path root = cacheRoot();
    long start = System.nanoTime();
    NativeCache.Result result;
    try {
      result = new NativeCache(root, RESOURCE_FOLDER, LIBRARIES, loader).ensure(version);
    } catch (NoSuchFileException e) {
      throw new FitConfigurationException(missing(version) + " (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot copy the TensorFlow natives of "
              + ARTIFACT
              + ":"
              + version
              + " into "
              + root.resolve(version)
              + " ("
              + e
              + "): free disk space there (about 640 MB) or choose another folder with -D"
              + CACHE_PROPERTY
              + "=<folder>",
          e);
    }
    if (result.extracted()) {
      LOG.info(
          "Copied the TensorFlow natives of {}:{} to {} in {} ms (once per version)",
          ARTIFACT,
          version,
          result.folder(),
          (System.nanoTime() - start) / 1_000_000);
    }
    System.setProperty(LIBRARY_PATH, result.folder().toString());
    System.setProperty("org.bytedeco.javacpp.pathsFirst", "true");
    installed = result.folder();
    return installed;
  }

  /** Forgets what {@link #install()} found, so a test can install again; DJL's engine stays. */
  static synchronized void reset() {
    installed = null;
  }

  /** {@link #install()}, then DJL's TensorFlow engine, started. */
  public static Engine engine() {
    Path folder = install();
    try {
      return Engine.getEngine("TensorFlow");
    } catch (RuntimeException | LinkageError e) {
      throw new FitConfigurationException(
          "DJL's TensorFlow engine did not start with the natives in "
              + folder
              + " ("
              + e
              + "). They come from "
              + ARTIFACT
              + " (classifier linux-x86_64); delete that folder to have them copied again, and"
              + " check that DJL's ai.djl.tensorflow:tensorflow-engine is the version fitkit is"
              + " built with.",
          e);
    }
  }

  static Path cacheRoot() {
    String configured = System.getProperty(CACHE_PROPERTY);
    if (configured != null) {
      return Path.of(configured);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("fitkit").resolve("tensorflow");
  }

  /** The version fitkit is built with: the natives jar itself may be missing. */
  static String version() {
    Properties properties = new Properties();
    try (InputStream in = TensorFlowNatives.class.getResourceAsStream("natives.properties")) {
      properties.load(in);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("dev/fitkit/tensorflow/natives.properties is missing", e);
    }
    return properties.getProperty("version");
  }

  private static String missing(String version) {
    return "The TensorFlow natives are not on the class path: add the dependency "
        + ARTIFACT
        + ":"
        + version
        + " with classifier linux-x86_64 (fitkit-tensorflow brings it; check that it was not"
        + " excluded)";
  }
}

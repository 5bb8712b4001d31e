package dev.fitkit.examples;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Option;

/** Flags every example takes. */
public final class TrainingOptions {
  @Option(names = "--epochs", description = "Epochs to train (default: ${DEFAULT-VALUE}).")
  public int epochs = 5;

  @Option(names = "--batch-size", description = "Samples per batch (default: ${DEFAULT-VALUE}).")
  public int batchSize = 128;

  @Option(
      names = "--devices",
      description =
          "cpu, gpu (every GPU), or a list such as gpu0,gpu1 (default: ${DEFAULT-VALUE}).")
  public String devices = "cpu";

  @Option(
      names = "--data",
      description =
          "Where the data set is: the Fashion-MNIST folder (by default the Debian package's),"
              + " or logreg's CSV file (default: ${DEFAULT-VALUE}).")
  public Path data = Path.of("/usr/share/datasets/fashion-mnist");

  @Option(
      names = "--output",
      description = "Folder for parameters and history (default: ${DEFAULT-VALUE}).")
  public Path output = Path.of("runs");

  @Option(names = "--limit", description = "Train on at most this many samples (default: all).")
  public long limit = Long.MAX_VALUE;

  /**
   * PyTorch's intra-op threads. Set while the command line is read, before the engine loads: the
   * engine reads {@code ai.djl.pytorch.num_threads} once.
   */
  @Option(
      names = "--threads",
      description =
          "PyTorch threads per operation (default: one per core). Lower it when other jobs share"
              + " the machine: oversubscribed cores can slow training a hundredfold.")
  public void threads(int threads) {
    if (threads < 1) {
      throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(this), "--threads must be 1 or more, got " + threads);
    }
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
  }

  /** The devices the flag names. */
  public Device[] devices() {
    if (devices.equals("cpu")) {
      return new Device[] {Device.cpu()};
    }
    if (devices.equals("gpu")) {
      int count = Engine.getInstance().getGpuCount();
      if (count == 0) {
        throw new IllegalArgumentException(
            "--devices gpu: this machine has no GPU visible to the engine; use --devices cpu");
      }
      return Engine.getInstance().getDevices(count);
    }
    return Arrays.stream(devices.split(","))
        .map(String::trim)
        .map(Device::fromName)
        .toArray(Device[]::new);
  }

  /** The output folder for one example, created when missing. */
  public Path outputFor(String example) throws java.io.IOException {
    return Files.createDirectories(output.resolve(example));
  }
}

package dev.fitkit.benchmarks;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Times every contender on every network, each run in a fresh JVM (or Python process) after a
 * warm-up, alternating contenders round by round so each sees the same machine, and prints the
 * medians, the spread, the ratios to the hand-written loop and the versions and thread counts.
 *
 * <pre>
 * bin/bench                                   # LeNet and MLP, one epoch of 60,000, 5 rounds
 * bin/bench --networks mlp --samples 12800 --rounds 3 --contenders fit,hand-written
 * </pre>
 */
public final class EndToEnd {
  private EndToEnd() {}

  // Debian's python3-torch installs for the system Python, which a version manager may shadow.
  private static final String PYTHON =
      Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

  /** What one run measured. */
  record Run(double seconds, long batches, double loss, long peakKb) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = options(args);
    List<Network> networks =
        Arrays.stream(o.getOrDefault("networks", "lenet,mlp").split(","))
            .map(n -> Network.valueOf(n.toUpperCase(Locale.ROOT)))
            .toList();
    List<Contender> contenders =
        Arrays.stream(
                o.getOrDefault(
                        "contenders",
                        "fit,fit-djl-adam,fit-100-handlers,hand-written,easy-train"
                            + (pythonTorch() == null ? "" : ",python"))
                    .split(","))
            .map(Contender::of)
            .toList();
    if (!o.containsKey("contenders") && !contenders.contains(Contender.PYTHON)) {
      System.out.println(
          "(PyTorch in Python left out: apt-get install python3-torch to compare with it)");
    }
    int rounds = Integer.parseInt(o.getOrDefault("rounds", "5"));
    int samples = Integer.parseInt(o.getOrDefault("samples", "60000"));
    int warmup = Integer.parseInt(o.getOrDefault("warmup", "50"));
    int threads =
        Integer.parseInt(
            o.getOrDefault("threads", "" + Runtime.getRuntime().availableProcessors()));
    Path work = Files.createTempDirectory("fitkit-bench");
    Path pack = contenders.contains(Contender.FIT_100_HANDLERS) ? NoOpPack.build(100, work) : null;
    String pythonVersion = contenders.contains(Contender.PYTHON) ? python() : null;

    System.out.printf(
        Locale.ROOT,
        "fitkit end-to-end benchmark: %d samples per timed epoch, %d warm-up batches, %d rounds,"
            + " %d intra-op threads (1 inter-op), %d cores%n"
            + "Java %s, DJL %s, PyTorch %s (Java engine)%s%n%n",
        samples,
        warmup,
        rounds,
        threads,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        Engine.getDjlVersion(),
        Engine.getInstance().getVersion(),
        pythonVersion == null ? "" : ", Python PyTorch " + pythonVersion);
    for (Network network : networks) {
      Map<Contender, List<Run>> runs = new EnumMap<>(Contender.class);
      java.util.Random shuffle = new java.util.Random(42);
      List<Contender> order = new ArrayList<>(contenders);
      for (int round = 0; round < rounds; round++) {
        // A fresh order each round, so no contender always runs first or after the same one.
        java.util.Collections.shuffle(order, shuffle);
        for (Contender contender : order) {
          Run run = run(contender, network, samples, warmup, threads, pack);
          runs.computeIfAbsent(contender, c -> new ArrayList<>()).add(run);
          System.out.printf(
              Locale.ROOT,
              "  %s round %d %-38s %8.3f s  loss %.4f%n",
              network.id(),
              round + 1,
              contender.label,
              run.seconds,
              run.loss);
        }
      }
      report(network, samples, runs);
    }
  }

  private static void report(Network network, int samples, Map<Contender, List<Run>> runs) {
    Map<Contender, Double> medians = new LinkedHashMap<>();
    runs.forEach(
        (c, list) -> medians.put(c, median(list.stream().mapToDouble(Run::seconds).toArray())));
    Double baseline = medians.get(Contender.HAND_WRITTEN);
    System.out.printf(
        Locale.ROOT,
        "%n%s, batch %d, %d samples (%d batches):%n| contender | median s | min s | max s | /"
            + " hand-written | samples/s | peak RSS MB |%n|---|---|---|---|---|---|---|%n",
        network.id(),
        network.batchSize,
        samples,
        runs.values().iterator().next().get(0).batches);
    runs.forEach(
        (c, list) -> {
          double[] seconds = list.stream().mapToDouble(Run::seconds).sorted().toArray();
          double median = medians.get(c);
          System.out.printf(
              Locale.ROOT,
              "| %s | %.3f | %.3f | %.3f | %s | %.0f | %.0f |%n",
              c.label,
              median,
              seconds[0],
              seconds[seconds.length - 1],
              baseline == null ? "-" : String.format(Locale.ROOT, "%.3f", median / baseline),
              samples / median,
              list.stream().mapToLong(Run::peakKb).max().orElse(-1) / 1024.0);
        });
    Double fit = medians.get(Contender.FIT);
    Double easy = medians.get(Contender.EASY_TRAIN);
    Double handlers = medians.get(Contender.FIT_100_HANDLERS);
    if (fit != null && easy != null) {
      System.out.printf(Locale.ROOT, "fit / EasyTrain.fit = %.3f%n", fit / easy);
    }
    if (fit != null && handlers != null) {
      System.out.printf(
          Locale.ROOT, "100 no-op handlers cost %+.1f%% over fit%n", 100 * (handlers / fit - 1));
    }
    System.out.println();
  }

  private static Run run(
      Contender contender, Network network, int samples, int warmup, int threads, Path pack)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (contender == Contender.PYTHON) {
      command.addAll(
          List.of(
              PYTHON,
              pythonScript().toString(),
              network.id(),
              "" + samples,
              "" + warmup,
              "" + threads));
    } else {
      String classPath = System.getProperty("java.class.path");
      if (contender == Contender.FIT_100_HANDLERS) {
        classPath = classPath + java.io.File.pathSeparator + pack;
      }
      command.addAll(
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Dai.djl.offline=true",
              "-Dai.djl.default_engine=PyTorch",
              "-Dai.djl.pytorch.num_threads=" + threads,
              "-Dai.djl.pytorch.num_interop_threads=1",
              "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
              "-Xmx4g",
              "-cp",
              classPath,
              ContenderRun.class.getName(),
              contender.id(),
              network.id(),
              "" + samples,
              "" + warmup));
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException(contender.label + " failed:\n" + output);
    }
    String line =
        output
            .lines()
            .filter(l -> l.startsWith("RESULT "))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(contender.label + " printed no result:\n" + output));
    String[] f = line.split(" ");
    return new Run(
        Double.parseDouble(f[1]),
        Long.parseLong(f[2]),
        Double.parseDouble(f[3]),
        Long.parseLong(f[4]));
  }

  /** The PyTorch version Python has, or fails with how to install it. */
  private static String python() {
    String version = pythonTorch();
    if (version == null) {
      throw new IllegalStateException(
          "The Python contender needs PyTorch: apt-get install python3-torch, or leave python out"
              + " of --contenders");
    }
    return version;
  }

  /** The version of PyTorch the system Python imports, or null when it has none. */
  private static String pythonTorch() {
    try {
      Process process =
          new ProcessBuilder(PYTHON, "-c", "import torch; print(torch.__version__)")
              .redirectErrorStream(true)
              .start();
      String out =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return process.waitFor() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static Path pythonScript() throws IOException {
    Path script = Files.createTempFile("fitkit-bench", ".py");
    try (InputStream in = EndToEnd.class.getResourceAsStream("/python/loop.py")) {
      Files.write(script, in.readAllBytes());
    }
    return script;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> o = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("Expected --option value, got " + args[i]);
      }
      o.put(args[i].substring(2), args[i + 1]);
    }
    return o;
  }
}

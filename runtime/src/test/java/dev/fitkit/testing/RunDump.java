package dev.fitkit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.fitkit.BatchRecord;
import dev.fitkit.EpochRecord;
import dev.fitkit.History;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run ended with, in a form two runs (or two JVMs) can compare bit for bit: every parameter
 * and the whole history, epochs and batches, without the wall-clock durations.
 *
 * @param parameters each parameter's values, by parameter name
 * @param epochs each epoch record without its duration
 * @param batches each batch record
 */
public record RunDump(
    Map<String, float[]> parameters, List<Epoch> epochs, List<BatchRecord> batches) {
  private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

  /** An epoch record without its duration, with its metrics in name order. */
  public record Epoch(int epoch, long batches, double learningRate, Map<String, Double> metrics) {}

  public static RunDump of(Block block, History history) {
    Map<String, float[]> parameters = new LinkedHashMap<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      parameters.put(p.getKey(), p.getValue().getArray().toFloatArray());
    }
    List<Epoch> epochs =
        history.epochs().stream()
            .map(
                (EpochRecord e) ->
                    new Epoch(e.epoch(), e.batches(), e.learningRate(), new TreeMap<>(e.metrics())))
            .toList();
    return new RunDump(parameters, epochs, List.copyOf(history.batches()));
  }

  public void write(Path file) {
    try {
      Files.writeString(file, GSON.toJson(this));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static RunDump read(Path file) {
    try {
      return GSON.fromJson(Files.readString(file), RunDump.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fails unless {@code other} has exactly these parameters and this history. */
  public void assertSameAs(RunDump other) {
    assertEquals(parameters.keySet(), other.parameters.keySet(), "parameter names");
    parameters.forEach(
        (name, values) ->
            assertEquals(
                Arrays.toString(values),
                Arrays.toString(other.parameters.get(name)),
                "parameter " + name + " differs"));
    assertEquals(epochs, other.epochs, "epoch history");
    assertEquals(batches.size(), other.batches.size(), "batch records");
    for (int i = 0; i < batches.size(); i++) {
      assertEquals(batches.get(i), other.batches.get(i), "batch record " + i);
    }
  }
}

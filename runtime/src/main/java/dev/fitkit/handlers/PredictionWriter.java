package dev.fitkit.handlers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnPredictBatchEnd;
import dev.fitkit.annotations.OnPredictBegin;
import dev.fitkit.annotations.OnPredictEnd;
import dev.fitkit.event.PredictBatchEnd;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams {@code Estimator.predictEach}'s outputs to a CSV file as they come, for data whose
 * outputs do not fit in memory: a header ({@code out0_0, out0_1, ..., out1_0, ...}: output, then
 * position in its flattened sample) and one line per sample, in the data's order.
 */
@FitHandler(id = "fitkit.prediction-writer", autoLoad = false)
public final class PredictionWriter {
  private final Path file;
  private BufferedWriter out;
  private boolean headerWritten;

  public PredictionWriter(Path file) {
    if (file == null) {
      throw new IllegalArgumentException("PredictionWriter needs a file to write");
    }
    this.file = file;
  }

  @OnPredictBegin
  void open() {
    close();
    headerWritten = false;
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw failure(e);
    }
  }

  @OnPredictBatchEnd
  void write(PredictBatchEnd event) {
    NDList outputs = event.outputs();
    int samples = event.batchSize();
    float[][] values = new float[outputs.size()][];
    for (int k = 0; k < outputs.size(); k++) {
      NDArray output = outputs.get(k);
      values[k] =
          output.getDataType() == DataType.FLOAT32
              ? output.toFloatArray()
              : output.toType(DataType.FLOAT32, false).toFloatArray();
    }
    try {
      if (!headerWritten) {
        out.write(header(values, samples));
        headerWritten = true;
      }
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < samples; i++) {
        line.setLength(0);
        for (float[] output : values) {
          int width = output.length / samples;
          for (int j = i * width; j < (i + 1) * width; j++) {
            if (line.length() > 0) {
              line.append(',');
            }
            line.append(output[j]);
          }
        }
        out.write(line.append('\n').toString());
      }
    } catch (IOException e) {
      throw failure(e);
    }
  }

  @OnPredictEnd
  void close() {
    if (out != null) {
      BufferedWriter closing = out;
      out = null;
      try {
        closing.close();
      } catch (IOException e) {
        throw failure(e);
      }
    }
  }

  private static String header(float[][] values, int samples) {
    StringBuilder header = new StringBuilder();
    for (int k = 0; k < values.length; k++) {
      for (int j = 0; j < values[k].length / samples; j++) {
        if (header.length() > 0) {
          header.append(',');
        }
        header.append("out").append(k).append('_').append(j);
      }
    }
    return header.append('\n').toString();
  }

  private UncheckedIOException failure(IOException e) {
    return new UncheckedIOException(
        "PredictionWriter cannot write " + file.toAbsolutePath() + ": " + e, e);
  }
}

package dev.fitkit;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A network's blocks, their output shapes and parameter counts, as Keras' {@code model.summary()}:
 * what the logging handler prints before the first step. Shapes are those of the batch the network
 * was initialized with; a block not yet initialized shows {@code ?}.
 *
 * @param rows the blocks depth first, the network itself first
 * @param parameters the parameters of the whole network
 * @param trainable those of them that receive gradients
 */
public record ModelSummary(List<Row> rows, long parameters, long trainable) {

  /**
   * One block.
   *
   * @param depth 0 for the network, 1 for its children, ...
   * @param name the block's name in its parent (e.g. {@code 01Conv2d}), or its class for the root
   * @param outputShape its output shapes, or {@code ?}
   * @param parameters the parameters of the block and its children
   */
  public record Row(int depth, String name, String outputShape, long parameters) {}

  public ModelSummary {
    rows = List.copyOf(rows);
  }

  public static ModelSummary of(Block network) {
    List<Row> rows = new ArrayList<>();
    long[] totals = new long[2];
    walk(network, network.getClass().getSimpleName(), 0, rows, totals);
    return new ModelSummary(rows, totals[0], totals[1]);
  }

  /** Adds the rows of {@code block}'s subtree; returns its parameter count. */
  private static long walk(Block block, String name, int depth, List<Row> rows, long[] totals) {
    int at = rows.size();
    long count = 0;
    for (Pair<String, Parameter> entry : block.getDirectParameters()) {
      Parameter parameter = entry.getValue();
      long size = parameter.isInitialized() ? parameter.getArray().size() : 0;
      count += size;
      totals[0] += size;
      if (parameter.requiresGradient()) {
        totals[1] += size;
      }
    }
    for (Pair<String, Block> child : block.getChildren()) {
      count += walk(child.getValue(), child.getKey(), depth + 1, rows, totals);
    }
    rows.add(at, new Row(depth, name, outputShape(block), count));
    return count;
  }

  private static String outputShape(Block block) {
    if (!block.isInitialized()) {
      return "?";
    }
    try {
      Shape[] shapes = block.getOutputShapes(block.getInputShapes());
      return Arrays.stream(shapes).map(Shape::toString).collect(Collectors.joining(", "));
    } catch (RuntimeException e) {
      return "?"; // a block that cannot tell its shapes without running
    }
  }

  @Override
  public String toString() {
    int nameWidth = "block".length();
    int shapeWidth = "output shape".length();
    for (Row row : rows) {
      nameWidth = Math.max(nameWidth, 2 * row.depth() + row.name().length());
      shapeWidth = Math.max(shapeWidth, row.outputShape().length());
    }
    String format = "%n  %-" + nameWidth + "s  %-" + shapeWidth + "s  %,12d";
    StringBuilder text =
        new StringBuilder("Model summary:")
            .append(
                String.format(
                    Locale.ROOT,
                    "%n  %-" + nameWidth + "s  %-" + shapeWidth + "s  %12s",
                    "block",
                    "output shape",
                    "parameters"));
    for (Row row : rows) {
      text.append(
          String.format(
              Locale.ROOT,
              format,
              "  ".repeat(row.depth()) + row.name(),
              row.outputShape(),
              row.parameters()));
    }
    return text.append(
            String.format(Locale.ROOT, "%n  %,d parameters, %,d trainable", parameters, trainable))
        .toString();
  }
}

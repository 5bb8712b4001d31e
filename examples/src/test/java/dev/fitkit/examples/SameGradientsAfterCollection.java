package dev.fitkit.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that a network and its loss give the same gradients when the JVM collects garbage between
 * forward and backward: with DJL's PyTorch engine, a constant given as a {@code Number} to {@code
 * mul}, {@code div}, ... lives in a Java buffer that a collection can free while autograd still
 * needs it (see {@code dev.fitkit.ndarray.Constants}).
 */
public final class SameGradientsAfterCollection {
  private SameGradientsAfterCollection() {}

  /** Asserts the gradients of every parameter are the same with and without a collection. */
  public static void assertSameGradients(Block network, Loss loss, NDList data, NDList labels)
      throws InterruptedException {
    List<float[]> undisturbed = gradients(network, loss, data, labels, false);
    List<float[]> collected = gradients(network, loss, data, labels, true);
    for (int i = 0; i < undisturbed.size(); i++) {
      assertArrayEquals(
          undisturbed.get(i),
          collected.get(i),
          1e-5f,
          "gradient of " + network.getParameters().keys().get(i));
    }
  }

  private static List<float[]> gradients(
      Block network, Loss loss, NDList data, NDList labels, boolean collect)
      throws InterruptedException {
    ParameterStore store = new ParameterStore(data.head().getManager(), false);
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray value = loss.evaluate(labels, network.forward(store, data, true));
      if (collect) {
        collectAndReuseFreedMemory();
      }
      collector.backward(value);
    }
    List<float[]> gradients = new ArrayList<>();
    for (Parameter parameter : network.getParameters().values()) {
      NDArray gradient = parameter.getArray().getGradient();
      gradients.add(gradient.toFloatArray());
      gradient.subi(gradient); // PyTorch adds gradients up: start the next pass from zero
    }
    return gradients;
  }

  private static void collectAndReuseFreedMemory() throws InterruptedException {
    System.gc();
    Thread.sleep(20); // the cleaner thread frees unreachable direct buffers after the collection
    for (int i = 0; i < 200; i++) {
      ByteBuffer.allocateDirect(4).putFloat(0, Float.NaN);
    }
  }
}

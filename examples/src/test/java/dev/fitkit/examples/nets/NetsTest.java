package dev.fitkit.examples.nets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Shapes and sizes of {@link LeNet} and {@link Mlp} on the PyTorch engine. */
class NetsTest {

  private static final Shape INPUT = new Shape(3, 1, 28, 28);

  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  @Test
  void leNetGivesTenLogitsPerImage() {
    Block net = LeNet.build();

    assertEquals(new Shape(3, 10), forward(net, INPUT));
    assertEquals(new Shape(3, 10), net.getOutputShapes(new Shape[] {INPUT})[0]);
  }

  @Test
  void leNetHasTheBookParameterCount() {
    Block net = LeNet.build();
    forward(net, INPUT);

    // conv 156 + conv 2416 + dense 48120 + dense 10164 + dense 850
    assertEquals(61_706, parameterCount(net));
  }

  @Test
  void mlpGivesTenLogitsPerImage() {
    Block net = Mlp.build(256, 128);

    assertEquals(new Shape(3, 10), forward(net, INPUT));
    assertEquals(784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10, parameterCount(net));
  }

  @Test
  void mlpWithoutHiddenLayersIsSoftmaxRegression() {
    Block net = Mlp.build();

    assertEquals(new Shape(3, 10), forward(net, INPUT));
    assertEquals(784 * 10 + 10, parameterCount(net));
  }

  @Test
  void mlpRejectsEmptyLayers() {
    assertThrows(IllegalArgumentException.class, () -> Mlp.build(64, 0));
  }

  private Shape forward(Block net, Shape input) {
    net.initialize(manager, DataType.FLOAT32, input);
    NDArray x = manager.randomUniform(0, 1, input);
    NDList y = net.forward(new ParameterStore(manager, false), new NDList(x), false);
    return y.singletonOrThrow().getShape();
  }

  private static long parameterCount(Block net) {
    long count = 0;
    for (Pair<String, Parameter> parameter : net.getParameters()) {
      count += parameter.getValue().getArray().size();
    }
    return count;
  }
}

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

/** Shapes and sizes of the example networks on the PyTorch engine. */
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

  @Test
  void alexNetGivesTenLogitsPerImageAndHasHalfTheImageNetWidths() {
    Block net = AlexNet.build();

    assertEquals(new Shape(3, 10), forward(net, INPUT));
    long convolutions =
        (25 * 1 * 48 + 48)
            + (25 * 48 * 128 + 128)
            + (9 * 128 * 192 + 192)
            + (9 * 192 * 192 + 192)
            + (9 * 192 * 128 + 128);
    long dense = (128 * 4 * 4 * 2048 + 2048) + (2048 * 2048 + 2048) + (2048 * 10 + 10);
    assertEquals(
        convolutions + dense,
        parameterCount(net),
        "maps 28 -> 14 -> 7 -> 4 before the dense layers");
  }

  @Test
  void alexNetRejectsOddDivisors() {
    assertThrows(IllegalArgumentException.class, () -> AlexNet.build(0));
    assertEquals(new Shape(3, 10), forward(AlexNet.build(8), INPUT));
  }

  @Test
  void resNet18GivesLogitsAndHasResNet18sParameters() {
    Block net = ResNet18.build(10);

    assertEquals(new Shape(3, 10), forward(net, INPUT));
    // torchvision's resnet18 has 11,689,512 weights for 3 channels and 1000 classes: less
    // 2 input channels of the 7x7 stem (6,272) and 990 classes (506,880 + 990), plus DJL's
    // batch norm running mean and variance (2 x 4,800 channels), which it counts as parameters.
    assertEquals(11_689_512 - 6_272 - 506_880 - 990 + 9_600, parameterCount(net));
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

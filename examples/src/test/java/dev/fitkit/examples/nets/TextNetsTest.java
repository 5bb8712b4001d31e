package dev.fitkit.examples.nets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The padding-aware steps of the text networks, and the networks' shapes. */
class TextNetsTest {

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
  void theMaskMarksExactlyTheValidSteps() {
    NDArray mask = SequenceMask.mask(manager.create(new float[] {1, 3, 4}), 4);

    assertArrayEquals(new float[] {1, 0, 0, 0, 1, 1, 1, 0, 1, 1, 1, 1}, mask.toFloatArray());
  }

  @Test
  void theMeanIgnoresWhateverIsInThePaddedSteps() {
    // Two sequences of 3 steps, 1 feature; the second has 2 valid steps and garbage after them.
    NDArray steps = manager.create(new float[] {1, 2, 3, 4, 6, 1000}, new Shape(2, 3, 1));
    NDArray mean = SequenceMask.meanOverValid(steps, manager.create(new float[] {3, 2}));

    assertArrayEquals(new float[] {2, 5}, mean.toFloatArray(), 1e-6f);
  }

  @Test
  void reversingTurnsOnlyTheValidStepsAroundAndUndoesItself() {
    NDArray steps =
        manager.create(
            new float[] {1, 10, 2, 20, 3, 30, 4, 40, 5, 50, 0, 0, 0, 0, 0, 0}, new Shape(2, 4, 2));
    NDArray lengths = manager.create(new float[] {4, 1});

    NDArray reversed = SequenceMask.reverseValid(steps, lengths);

    assertArrayEquals(
        new float[] {4, 40, 3, 30, 2, 20, 1, 10, 5, 50, 0, 0, 0, 0, 0, 0}, reversed.toFloatArray());
    assertArrayEquals(
        steps.toFloatArray(), SequenceMask.reverseValid(reversed, lengths).toFloatArray());
  }

  @Test
  void textCnnGivesTwoLogitsPerSentence() {
    Block net = TextCnn.build(50, 8, 4, new int[] {2, 3, 4}, 0.5f, 2);
    NDArray tokens = manager.randomInteger(0, 50, new Shape(3, 40), DataType.INT64);
    net.initialize(manager, DataType.FLOAT32, tokens.getShape());

    assertEquals(
        new Shape(3, 2),
        net.forward(new ParameterStore(manager, false), new NDList(tokens), false)
            .head()
            .getShape());
  }

  @Test
  void biRnnIgnoresPaddingAndWantsTheValidLengths() {
    BiRnn net = new BiRnn(50, 8, 6, 2);
    net.initialize(manager, DataType.FLOAT32, new Shape(2, 10), new Shape(2));
    ParameterStore parameters = new ParameterStore(manager, false);
    NDArray lengths = manager.create(new float[] {3, 10});
    long[] ids = new long[20];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = 1 + i % 40;
    }
    NDArray tokens = manager.create(ids, new Shape(2, 10));
    NDArray otherPadding = tokens.duplicate();
    otherPadding.set(new ai.djl.ndarray.index.NDIndex("0, 3:"), 0);

    NDArray logits = net.forward(parameters, new NDList(tokens, lengths), false).head();
    NDArray samePrefix = net.forward(parameters, new NDList(otherPadding, lengths), false).head();

    assertEquals(new Shape(2, 2), logits.getShape());
    assertArrayEquals(logits.toFloatArray(), samePrefix.toFloatArray(), 1e-6f);
    assertEquals(
        new Shape(2, 2), net.getOutputShapes(new Shape[] {new Shape(2, 10), new Shape(2)})[0]);
    assertThrows(
        IllegalArgumentException.class, () -> net.forward(parameters, new NDList(tokens), false));
  }
}

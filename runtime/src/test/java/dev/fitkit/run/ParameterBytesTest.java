package dev.fitkit.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.fitkit.testing.Nets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ParameterBytesTest {
  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
    Engine.getInstance().setRandomSeed(3);
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private Block initialized(Block block) {
    block.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
    return block;
  }

  private static NDArray firstWeight(Block block) {
    return block.getParameters().get(0).getValue().getArray();
  }

  @Test
  void loadRestoresValuesInTheSameArrays() throws Exception {
    Block block = initialized(Nets.mlp());
    byte[] saved = ParameterBytes.save(block);
    NDArray before = firstWeight(block).duplicate();
    NDArray live = firstWeight(block);
    live.addi(1);

    ParameterBytes.load(block, manager, saved);

    // The same arrays: a trainer that cached them trains the restored values.
    assertSame(live, firstWeight(block));
    assertTrue(live.contentEquals(before));
  }

  @Test
  void loadRefusesParametersOfAnotherBlock() {
    byte[] saved = ParameterBytes.save(initialized(Nets.mlp()));

    Block fewer = initialized(new SequentialBlock().add(Linear.builder().setUnits(3).build()));
    assertEquals(
        "Saved parameters hold 4 arrays, the network has 2",
        assertThrows(
                MalformedModelException.class, () -> ParameterBytes.load(fewer, manager, saved))
            .getMessage());

    Block renamed =
        initialized(
            new SequentialBlock()
                .add(new SequentialBlock().add(Linear.builder().setUnits(16).build()))
                .add(Linear.builder().setUnits(3).build()));
    String m =
        assertThrows(
                MalformedModelException.class, () -> ParameterBytes.load(renamed, manager, saved))
            .getMessage();
    assertTrue(m.matches("Saved parameter \\S+ does not exist in the network"), m);

    Block wider =
        initialized(
            new SequentialBlock()
                .add(Linear.builder().setUnits(8).build())
                .add(ai.djl.nn.Activation::relu)
                .add(Linear.builder().setUnits(3).build()));
    assertEquals(
        "Saved parameter 01Linear_weight has shape (16, 2), the network's has (8, 2)",
        assertThrows(
                MalformedModelException.class, () -> ParameterBytes.load(wider, manager, saved))
            .getMessage());
  }

  @Test
  void loadRefusesBytesOfAnotherFormat() {
    Block block = initialized(Nets.mlp());
    byte[] foreign = new byte[] {0, 0, 0, 9};
    assertEquals(
        "Unknown parameter format: not written by this version of fitkit",
        assertThrows(
                MalformedModelException.class, () -> ParameterBytes.load(block, manager, foreign))
            .getMessage());
  }
}

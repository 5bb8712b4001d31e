package dev.fitkit.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void loadReplacesTheArraysWithTheSavedValues() throws Exception {
    Block block = initialized(Nets.mlp());
    byte[] saved = ParameterBytes.save(block);
    NDArray before = firstWeight(block).duplicate();
    NDArray live = firstWeight(block);
    live.addi(1);

    ParameterBytes.load(block, manager, saved);

    assertTrue(firstWeight(block).contentEquals(before));
    // DJL swaps in new arrays: a trainer that cached the old ones would not see the load.
    assertNotSame(live, firstWeight(block));
  }

  @Test
  void copyIntoRestoresValuesInTheSameArrays() {
    Block block = initialized(Nets.mlp());
    byte[] saved = ParameterBytes.saveValues(block);
    NDArray before = firstWeight(block).duplicate();
    NDArray live = firstWeight(block);
    live.addi(1);

    ParameterBytes.copyInto(block, saved);

    assertSame(live, firstWeight(block));
    assertTrue(live.contentEquals(before));
  }

  @Test
  void copyIntoRefusesASnapshotOfAnotherBlock() {
    byte[] saved = ParameterBytes.saveValues(initialized(Nets.mlp()));

    Block fewer = initialized(new SequentialBlock().add(Linear.builder().setUnits(3).build()));
    assertEquals("The snapshot holds 4 parameters, the block has 2: restore a snapshot into the block it was taken from",
        assertThrows(IllegalArgumentException.class, () -> ParameterBytes.copyInto(fewer, saved)).getMessage());

    Block renamed = initialized(new SequentialBlock()
        .add(new SequentialBlock().add(Linear.builder().setUnits(16).build()))
        .add(Linear.builder().setUnits(3).build()));
    String m = assertThrows(IllegalArgumentException.class, () -> ParameterBytes.copyInto(renamed, saved)).getMessage();
    assertTrue(m.startsWith("The snapshot holds parameter 01Linear_weight where the block has "), m);

    Block wider = initialized(new SequentialBlock()
        .add(Linear.builder().setUnits(8).build())
        .add(ai.djl.nn.Activation::relu)
        .add(Linear.builder().setUnits(3).build()));
    assertEquals("The snapshot's 01Linear_weight has shape (16, 2), the block's (8, 2): restore a snapshot into the"
            + " block it was taken from",
        assertThrows(IllegalArgumentException.class, () -> ParameterBytes.copyInto(wider, saved)).getMessage());
  }
}

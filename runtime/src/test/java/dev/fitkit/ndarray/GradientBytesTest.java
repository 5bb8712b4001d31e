package dev.fitkit.ndarray;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import dev.fitkit.testing.Nets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gradients read as bytes and added back, as a resumed accumulation group does. */
class GradientBytesTest {
  @Test
  void gradientsAddedBackToZeroAreTheOnesRead() {
    try (Model model = Model.newInstance("g");
        NDManager manager = NDManager.newBaseManager()) {
      model.setBlock(Nets.mlp());
      try (Trainer trainer =
          model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
        trainer.initialize(new Shape(4, 2));
        NDList data = new NDList(manager.randomNormal(new Shape(4, 2)));
        NDList labels = new NDList(manager.create(new float[] {0, 1, 2, 1}));
        try (GradientCollector collector = trainer.newGradientCollector()) {
          collector.backward(trainer.getLoss().evaluate(labels, trainer.forward(data, labels)));
        }
        List<byte[]> read = Gradients.read(trainer);
        Gradients.zero(trainer);
        Gradients.add(trainer, read, 1);
        List<byte[]> again = Gradients.read(trainer);
        assertEquals(read.size(), again.size());
        for (int i = 0; i < read.size(); i++) {
          assertArrayEquals(read.get(i), again.get(i), "gradient " + i);
        }
        List<byte[]> wrongSizes = List.of(new byte[4], new byte[4], new byte[4], new byte[4]);
        assertEquals(
            "saved gradient 0 has 4 bytes, the network's 128",
            assertThrows(
                    IllegalArgumentException.class, () -> Gradients.add(trainer, wrongSizes, 1))
                .getMessage());
        assertEquals(
            "1 saved gradients for a network with 4",
            assertThrows(
                    IllegalArgumentException.class,
                    () -> Gradients.add(trainer, List.of(new byte[4]), 1))
                .getMessage());
      }
    }
  }
}

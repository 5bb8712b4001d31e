package dev.fitkit.examples.detection;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import dev.fitkit.examples.SameGradientsAfterCollection;
import org.junit.jupiter.api.Test;

class SsdGradientsTest {

  @Test
  void lossGradientsSurviveAGarbageCollectionBeforeBackward() throws Exception {
    Anchors anchors = Anchors.grid(8, 0.25f, 0.4f);
    try (NDManager manager = NDManager.newBaseManager()) {
      ArrayDataset boxes = Boxes.dataset(manager, 8, 3, 8, false, Long.MAX_VALUE);
      Batch batch = boxes.getData(manager).iterator().next();
      Block network = TinySsd.build(anchors.perCell(), Boxes.OBJECT_CLASSES);
      network.initialize(manager, DataType.FLOAT32, new Shape(8, 1, Boxes.SIZE, Boxes.SIZE));
      SameGradientsAfterCollection.assertSameGradients(
          network, new SsdLoss(anchors, Boxes.OBJECT_CLASSES), batch.getData(), batch.getLabels());
    }
  }
}

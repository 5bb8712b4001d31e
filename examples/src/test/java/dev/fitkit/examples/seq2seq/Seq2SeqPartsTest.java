package dev.fitkit.examples.seq2seq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Record;
import dev.fitkit.examples.SameGradientsAfterCollection;
import java.util.List;
import org.junit.jupiter.api.Test;

class Seq2SeqPartsTest {

  @Test
  void pairsAreReversalsInWordsThenEos() {
    int[] source = {5, 1, 8}; // digits 4 0 7
    int[] target = ReversalPairs.target(source);
    assertArrayEquals(new int[] {7 + 3, 0 + 3, 4 + 3, ReversalPairs.EOS}, target);
    assertArrayEquals(new int[] {ReversalPairs.BOS, 10, 3, 7}, ReversalPairs.decoderInput(target));
  }

  @Test
  void generationIsFixedBySeedAndInRange() {
    List<int[]> a = ReversalPairs.generate(200, 1);
    List<int[]> b = ReversalPairs.generate(200, 1);
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i), b.get(i));
      assertTrue(a.get(i).length >= ReversalPairs.MIN_SOURCE);
      assertTrue(a.get(i).length <= ReversalPairs.MAX_SOURCE);
      for (int id : a.get(i)) {
        assertTrue(id >= 1 && id < ReversalPairs.SOURCE_VOCABULARY);
      }
    }
    assertTrue(a.stream().mapToInt(s -> s.length).distinct().count() > 5, "the lengths vary");
  }

  @Test
  void recordsArePaddedWithTheirValidLengths() {
    try (NDManager manager = NDManager.newBaseManager()) {
      ReversalPairs pairs =
          ReversalPairs.builder(List.of(new int[] {5, 1, 8})).setSampling(1, false).build();
      Record record = pairs.get(manager, 0);
      assertArrayEquals(
          new long[] {5, 1, 8, 0, 0, 0, 0, 0, 0, 0}, record.getData().get(0).toLongArray());
      assertEquals(3f, record.getData().get(1).getFloat());
      assertEquals(new Shape(ReversalPairs.MAX_TARGET), record.getData().get(2).getShape());
      assertEquals(4f, record.getLabels().get(1).getFloat());
      assertEquals(0L, record.getLabels().get(0).toLongArray()[4], "padded with PAD");
    }
  }

  @Test
  void maskedLossIgnoresPadding() {
    try (NDManager manager = NDManager.newBaseManager()) {
      // One sequence of 2 valid steps out of 3, vocabulary 2.
      NDArray targets = manager.create(new long[][] {{1, 0, 1}});
      NDArray lengths = manager.create(new float[] {2});
      NDArray logits = manager.create(new float[] {0, 2, 1, 1, 5, -5}, new Shape(1, 3, 2));
      float loss =
          new MaskedTokenLoss()
              .evaluate(new NDList(targets, lengths), new NDList(logits))
              .getFloat();
      double step0 = -Math.log(Math.exp(2) / (1 + Math.exp(2)));
      double step1 = Math.log(2);
      assertEquals((step0 + step1) / 2, loss, 1e-5, "the mean over the 2 valid steps");

      // Changing the padded step's logits changes nothing.
      NDArray other = manager.create(new float[] {0, 2, 1, 1, -50, 50}, new Shape(1, 3, 2));
      assertEquals(
          loss,
          new MaskedTokenLoss()
              .evaluate(new NDList(targets, lengths), new NDList(other))
              .getFloat(),
          1e-6);
    }
  }

  @Test
  void accuraciesCountValidTokensAndWholeSequences() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray targets = manager.create(new long[][] {{1, 0, 1}, {0, 0, 1}});
      NDArray lengths = manager.create(new float[] {2, 3});
      // Predicted: row 0 -> 1 0 0 (valid steps right, padded step wrong), row 1 -> 0 1 1.
      NDArray logits =
          manager.create(new float[] {0, 1, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1}, new Shape(2, 3, 2));
      NDList labels = new NDList(targets, lengths);
      NDList predictions = new NDList(logits);

      TokenAccuracy tokens = new TokenAccuracy();
      tokens.addAccumulator("t");
      tokens.updateAccumulator("t", labels, predictions);
      assertEquals(4f / 5f, tokens.getAccumulator("t"), 1e-6);

      TokenAccuracy sequences = TokenAccuracy.exactMatch();
      sequences.addAccumulator("t");
      sequences.updateAccumulator("t", labels, predictions);
      assertEquals(0.5f, sequences.getAccumulator("t"), 1e-6);
    }
  }

  @Test
  void parameterNamesSplitIntoEncoderAndDecoder() {
    try (NDManager manager = NDManager.newBaseManager()) {
      AttentionSeq2Seq network = new AttentionSeq2Seq(11, 13, 8, 16);
      network.initialize(
          manager, DataType.FLOAT32, new Shape(2, 10), new Shape(2), new Shape(2, 11));
      // Keys are the child's position then its name, e.g. "02encoder_gru_l_0_i2h_WEIGHT".
      List<String> names = network.getParameters().keys();
      assertEquals(5, names.stream().filter(n -> n.contains("encoder_")).count(), names.toString());
      assertEquals(7, names.stream().filter(n -> n.contains("decoder_")).count(), names.toString());
      NDList out =
          network.forward(
              new ParameterStore(manager, false),
              new NDList(
                  manager.ones(new Shape(2, 10)).toType(DataType.INT64, false),
                  manager.create(new float[] {3, 10}),
                  manager.ones(new Shape(2, 11)).toType(DataType.INT64, false)),
              false);
      assertEquals(new Shape(2, 11, 13), out.head().getShape());
    }
  }

  @Test
  void lossGradientsSurviveAGarbageCollectionBeforeBackward() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      ReversalPairs pairs =
          ReversalPairs.builder(ReversalPairs.generate(16, 3)).setSampling(16, false).build();
      Batch batch = pairs.getData(manager).iterator().next();
      AttentionSeq2Seq network = new AttentionSeq2Seq(11, 13, 8, 16);
      network.initialize(manager, DataType.FLOAT32, batch.getData().getShapes());
      SameGradientsAfterCollection.assertSameGradients(
          network, new MaskedTokenLoss(), batch.getData(), batch.getLabels());
    }
  }
}

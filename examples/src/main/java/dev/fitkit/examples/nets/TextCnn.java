package dev.fitkit.examples.nets;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.nn.transformer.IdEmbedding;
import java.util.ArrayList;
import java.util.List;

/**
 * Kim's (2014) convolutional sentence classifier: embedding, parallel 1-d convolutions of several
 * widths, max over time, dropout, dense. A width-k filter is a learned k-gram detector ("not
 * boring"); max over time keeps its strongest match wherever it is in the sentence.
 *
 * <p>Input: token ids (B, T); output (B, classes) logits. Padding is not masked: PAD is an id like
 * any other, its embedding learns to trigger no filter, and T is fixed, so every sentence pads the
 * same way (the bidirectional RNN example shows masking).
 */
public final class TextCnn {
  private TextCnn() {}

  /**
   * Builds a fresh, uninitialised TextCNN.
   *
   * @param vocabularySize number of token ids
   * @param embeddingSize width of each token's vector
   * @param filters filters per kernel width
   * @param widths the kernel widths, in tokens; each at most the padded length
   * @param dropout drop rate before the dense layer
   * @param classes number of outputs
   * @return the network
   */
  public static Block build(
      int vocabularySize,
      int embeddingSize,
      int filters,
      int[] widths,
      float dropout,
      int classes) {
    List<Block> branches = new ArrayList<>();
    for (int width : widths) {
      branches.add(
          new SequentialBlock()
              .add(Conv1d.builder().setKernelShape(new Shape(width)).setFilters(filters).build())
              .add(Activation.reluBlock())
              .add(Pool.globalMaxPool1dBlock())
              .add(Blocks.batchFlattenBlock()));
    }
    return new SequentialBlock()
        .add(
            new IdEmbedding.Builder()
                .setDictionarySize(vocabularySize)
                .setEmbeddingSize(embeddingSize)
                .build())
        // (B, T, E) to (B, E, T): embedding dimensions are Conv1d's channels, time is its width.
        .add(LambdaBlock.singleton(x -> x.transpose(0, 2, 1), "channelsFirst"))
        .add(
            new ParallelBlock(
                outputs ->
                    new NDList(
                        NDArrays.concat(
                            new NDList(outputs.stream().map(NDList::singletonOrThrow).toList()),
                            1)),
                branches))
        .add(Dropout.builder().optRate(dropout).build())
        .add(Linear.builder().setUnits(classes).build());
  }
}

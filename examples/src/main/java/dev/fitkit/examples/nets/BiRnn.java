package dev.fitkit.examples.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.nn.transformer.IdEmbedding;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A bidirectional LSTM sentence classifier that ignores padding: embedding, an LSTM reading each
 * sentence forwards and one reading it backwards, their outputs side by side, the mean over each
 * sentence's valid steps ({@link SequenceMask#meanOverValid}), dense.
 *
 * <p>It takes two inputs, as the Fit API passes every data array of a batch to the network: token
 * ids (B, T) and valid lengths (B). Output: (B, classes) logits.
 *
 * <p>The backward direction is a second one-way LSTM run on each sentence reversed within its valid
 * length ({@link SequenceMask#reverseValid}), so it starts at the last real word, as PyTorch's
 * packed sequences do, instead of reading the padding first. (It is also why this is not DJL's
 * {@code LSTM.optBidirectional(true)}: with PyTorch 2.7.1's CPU natives, that one's backward pass
 * crashes the JVM inside oneDNN, while one-way LSTMs train fine.)
 */
public final class BiRnn extends AbstractBlock {
  private static final byte VERSION = 1;

  private final Block embedding;
  private final Block forwards;
  private final Block backwards;
  private final Block output;
  private final int stateSize;

  /**
   * Builds a fresh, uninitialised network.
   *
   * @param vocabularySize number of token ids
   * @param embeddingSize width of each token's vector
   * @param stateSize hidden units per direction
   * @param classes number of outputs
   */
  public BiRnn(int vocabularySize, int embeddingSize, int stateSize, int classes) {
    super(VERSION);
    this.stateSize = stateSize;
    embedding =
        addChildBlock(
            "embedding",
            new IdEmbedding.Builder()
                .setDictionarySize(vocabularySize)
                .setEmbeddingSize(embeddingSize)
                .build());
    forwards = addChildBlock("forwards", lstm(stateSize));
    backwards = addChildBlock("backwards", lstm(stateSize));
    output = addChildBlock("output", Linear.builder().setUnits(classes).build());
  }

  private static LSTM lstm(int stateSize) {
    return LSTM.builder()
        .setStateSize(stateSize)
        .setNumLayers(1)
        .optBatchFirst(true)
        .optReturnState(false)
        .build();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    if (inputs.size() != 2) {
      throw new IllegalArgumentException(
          "BiRnn takes token ids (B, T) and valid lengths (B), got " + inputs.size() + " arrays");
    }
    NDArray lengths = inputs.get(1);
    NDArray embedded =
        embedding.forward(parameterStore, new NDList(inputs.get(0)), training).head();
    NDArray ahead = forwards.forward(parameterStore, new NDList(embedded), training).head();
    NDArray reversed = SequenceMask.reverseValid(embedded, lengths);
    // Reversing the backward outputs again lines step t up with the forward output of step t.
    NDArray behind =
        SequenceMask.reverseValid(
            backwards.forward(parameterStore, new NDList(reversed), training).head(), lengths);
    NDArray summary =
        SequenceMask.meanOverValid(NDArrays.concat(new NDList(ahead, behind), 2), lengths);
    return output.forward(parameterStore, new NDList(summary), training);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    embedding.initialize(manager, dataType, inputShapes[0]);
    Shape embedded = embedding.getOutputShapes(new Shape[] {inputShapes[0]})[0];
    forwards.initialize(manager, dataType, embedded);
    backwards.initialize(manager, dataType, embedded);
    output.initialize(manager, dataType, summaryShape(inputShapes[0]));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return output.getOutputShapes(new Shape[] {summaryShape(inputShapes[0])});
  }

  private Shape summaryShape(Shape tokens) {
    return new Shape(tokens.get(0), 2L * stateSize);
  }
}

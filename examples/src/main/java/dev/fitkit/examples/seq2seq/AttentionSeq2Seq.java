package dev.fitkit.examples.seq2seq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.GRU;
import ai.djl.nn.transformer.IdEmbedding;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.fitkit.examples.nets.SequenceMask;
import dev.fitkit.ndarray.Constants;

/**
 * An encoder-decoder with scaled dot-product attention, trained with teacher forcing.
 *
 * <p>Inputs: source ids (B, S), source valid lengths (B), decoder input ids (B, T) (BOS then the
 * target shifted right). Output: logits (B, T, target vocabulary).
 *
 * <p>The encoder embeds the source and runs a one-way GRU over it. The decoder embeds its input,
 * appends to every step the encoder's output at the last <i>valid</i> source step (the source's
 * summary, so the decoder knows the source's length), and runs its own GRU over that; each decoder
 * step then attends over the encoder's outputs, padded source steps masked out, and a dense layer
 * reads the decoder step and its attention context side by side. The whole target is decoded in one
 * pass because the true previous tokens are given: teacher forcing.
 *
 * <p>Child blocks are named {@code encoder_*} and {@code decoder_*}, so the parameter names tell
 * the two sub-networks apart for one optimizer each.
 */
public final class AttentionSeq2Seq extends AbstractBlock {
  private static final byte VERSION = 1;

  private final Block encoderEmbedding;
  private final Block encoderGru;
  private final Block decoderEmbedding;
  private final Block decoderGru;
  private final Block decoderOutput;
  private final int embeddingSize;
  private final int stateSize;

  public AttentionSeq2Seq(
      int sourceVocabulary, int targetVocabulary, int embeddingSize, int stateSize) {
    super(VERSION);
    this.embeddingSize = embeddingSize;
    this.stateSize = stateSize;
    encoderEmbedding =
        addChildBlock("encoder_embedding", embedding(sourceVocabulary, embeddingSize));
    encoderGru = addChildBlock("encoder_gru", gru(stateSize));
    decoderEmbedding =
        addChildBlock("decoder_embedding", embedding(targetVocabulary, embeddingSize));
    decoderGru = addChildBlock("decoder_gru", gru(stateSize));
    decoderOutput =
        addChildBlock("decoder_output", Linear.builder().setUnits(targetVocabulary).build());
  }

  private static Block embedding(int vocabulary, int size) {
    return new IdEmbedding.Builder().setDictionarySize(vocabulary).setEmbeddingSize(size).build();
  }

  private static Block gru(int stateSize) {
    return GRU.builder()
        .setStateSize(stateSize)
        .setNumLayers(1)
        .optBatchFirst(true)
        .optReturnState(false)
        .build();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    if (inputs.size() != 3) {
      throw new IllegalArgumentException(
          "AttentionSeq2Seq takes source ids (B, S), source valid lengths (B) and decoder input"
              + " ids (B, T), got "
              + inputs.size()
              + " arrays");
    }
    NDArray lengths = inputs.get(1);
    NDArray source = encoderEmbedding.forward(store, new NDList(inputs.get(0)), training).head();
    NDArray encoded = encoderGru.forward(store, new NDList(source), training).head(); // (B,S,H)
    long steps = inputs.get(2).getShape().get(1);
    // The last valid step's output: step 0 once each sequence is reversed within its length.
    NDArray summary =
        SequenceMask.reverseValid(encoded, lengths).get(":, 0:1, :").repeat(1, steps); // (B,T,H)
    NDArray target = decoderEmbedding.forward(store, new NDList(inputs.get(2)), training).head();
    NDArray queries =
        decoderGru
            .forward(store, new NDList(NDArrays.concat(new NDList(target, summary), 2)), training)
            .head(); // (B,T,H)
    NDArray scores =
        Constants.div(
            queries.batchMatMul(encoded.transpose(0, 2, 1)), Math.sqrt(stateSize)); // (B,T,S)
    NDArray valid = SequenceMask.mask(lengths, encoded.getShape().get(1)).expandDims(1);
    NDArray weights = scores.add(valid.sub(1).mul(1e6f)).softmax(2);
    NDArray context = weights.batchMatMul(encoded); // (B,T,H)
    NDArray features = NDArrays.concat(new NDList(queries, context), 2);
    long batch = features.getShape().get(0);
    NDArray logits =
        decoderOutput
            .forward(store, new NDList(features.reshape(batch * steps, 2L * stateSize)), training)
            .head();
    return new NDList(logits.reshape(batch, steps, -1));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    long batch = inputShapes[0].get(0);
    encoderEmbedding.initialize(manager, dataType, inputShapes[0]);
    encoderGru.initialize(
        manager, dataType, new Shape(batch, inputShapes[0].get(1), embeddingSize));
    decoderEmbedding.initialize(manager, dataType, inputShapes[2]);
    decoderGru.initialize(
        manager, dataType, new Shape(batch, inputShapes[2].get(1), embeddingSize + stateSize));
    decoderOutput.initialize(manager, dataType, new Shape(batch, 2L * stateSize));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape logits = decoderOutput.getOutputShapes(new Shape[] {new Shape(1, 2L * stateSize)})[0];
    return new Shape[] {new Shape(inputShapes[2].get(0), inputShapes[2].get(1), logits.get(1))};
  }
}

package dev.fitkit.graph;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * A network that runs as a graph of its own engine, such as a TensorFlow SavedModel: fitkit calls
 * its entry points instead of DJL's forward pass, gradient collector and optimizer, which an engine
 * such as DJL's TensorFlow one does not have. A graph that can {@linkplain #trainable() train}
 * computes its loss, gradients and update inside one {@link #train} call and saves everything it
 * updates (weights and optimizer slots) through {@link #saveVariables()}, so checkpoints hold it.
 *
 * <p>Pass one to {@code Estimator.builder().graph(network)}; {@code fitkit-tensorflow}'s {@code
 * TensorFlowGraph} is one.
 */
public interface GraphNetwork {

  /** The DJL model the graph is loaded in: its name and engine appear in logs and errors. */
  Model model();

  /**
   * Whether {@link #train}, {@link #saveVariables()} and {@link #restoreVariables} work; when not,
   * {@link #untrainableReason()} says why.
   */
  boolean trainable();

  /**
   * Why the graph cannot be trained, naming the fix; only asked when {@link #trainable()} is false.
   */
  String untrainableReason();

  /** Whether {@link #evaluate} computes the loss itself; when not, the estimator's loss does. */
  boolean computesLoss();

  /**
   * One training step on a batch: the loss at the variables before the update (or null when the
   * graph does not {@linkplain #computesLoss() compute one}: the estimator's loss on the outputs is
   * reported), the outputs the update was computed from, and the update itself, applied with {@code
   * learningRate}.
   *
   * @param arrays where the returned arrays live; closed with the batch
   */
  Step train(NDList data, NDList labels, float learningRate, NDManager arrays);

  /** The outputs on a batch, and the loss when {@link #computesLoss()}; nothing is updated. */
  Step evaluate(NDList data, NDList labels, NDManager arrays);

  /** The outputs on {@code data}, in inference mode. */
  NDList predict(NDList data, NDManager arrays);

  /** Every variable the graph updates, as bytes a checkpoint keeps. */
  byte[] saveVariables();

  /**
   * Sets the graph's variables to {@code saved}, from {@link #saveVariables()} of this graph.
   *
   * @throws IllegalArgumentException when {@code saved} does not fit this graph; nothing changed
   */
  void restoreVariables(byte[] saved);

  /**
   * What a batch gave.
   *
   * @param loss the batch's mean loss, or null when the graph computes none
   * @param outputs the network's outputs, as metrics read them
   */
  record Step(NDArray loss, NDList outputs) {}
}

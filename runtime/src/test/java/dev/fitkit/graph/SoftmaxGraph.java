package dev.fitkit.graph;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A network that trains itself, as a TensorFlow graph does, written with PyTorch arrays and no
 * autograd: softmax regression {@code softmax(x W + b)} whose train call computes the gradient of
 * the cross entropy by its formula, {@code x^T (p - onehot(y)) / n}, and steps W and b by it.
 */
final class SoftmaxGraph implements GraphNetwork, AutoCloseable {
  private final Model model = Model.newInstance("softmax-graph");
  private final NDArray weights;
  private final NDArray bias;
  private final boolean trainable;
  private final boolean computesLoss;
  private int failAtCall = -1;
  private int calls;

  private boolean failRestores;

  SoftmaxGraph(int features, int classes, boolean trainable, boolean computesLoss) {
    model.setBlock(LambdaBlock.singleton(x -> x));
    NDManager manager = model.getNDManager();
    java.util.Random random = new java.util.Random(features * 31L + classes);
    float[] initial = new float[features * classes];
    for (int i = 0; i < initial.length; i++) {
      initial[i] = (float) random.nextGaussian() * 0.1f;
    }
    weights = manager.create(initial, new Shape(features, classes));
    bias = manager.zeros(new Shape(classes));
    this.trainable = trainable;
    this.computesLoss = computesLoss;
  }

  @Override
  public Model model() {
    return model;
  }

  @Override
  public boolean trainable() {
    return trainable;
  }

  @Override
  public String untrainableReason() {
    return "softmax-graph was built without its train call";
  }

  @Override
  public boolean computesLoss() {
    return computesLoss;
  }

  /** Makes the {@code call}-th train call fail before it changes anything, as a graph error. */
  SoftmaxGraph failAtTrainCall(int call) {
    this.failAtCall = call;
    return this;
  }

  @Override
  public Step train(NDList data, NDList labels, float learningRate, NDManager arrays) {
    if (++calls == failAtCall) {
      throw new IllegalStateException("the graph failed at its train call " + calls);
    }
    Step step = evaluate(data, labels, arrays);
    NDArray x = data.head();
    long n = x.getShape().get(0);
    NDArray probabilities = step.outputs().head().softmax(1);
    NDArray delta = probabilities.sub(oneHot(labels, arrays)).div(n);
    weights.subi(x.transpose().matMul(delta).mul(learningRate));
    bias.subi(delta.sum(new int[] {0}).mul(learningRate));
    return step;
  }

  @Override
  public Step evaluate(NDList data, NDList labels, NDManager arrays) {
    NDArray logits = data.head().matMul(weights).add(bias);
    logits.attach(arrays);
    NDArray loss =
        computesLoss
            ? logits.logSoftmax(1).mul(oneHot(labels, arrays)).sum(new int[] {1}).mean().neg()
            : null;
    return new Step(loss, new NDList(logits));
  }

  private NDArray oneHot(NDList labels, NDManager arrays) {
    NDArray oneHot = labels.head().toType(DataType.INT32, false).oneHot((int) bias.size());
    oneHot.attach(arrays);
    return oneHot;
  }

  @Override
  public NDList predict(NDList data, NDManager arrays) {
    NDArray logits = data.head().matMul(weights).add(bias);
    logits.attach(arrays);
    return new NDList(logits);
  }

  @Override
  public byte[] saveVariables() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      for (NDArray variable : new NDArray[] {weights, bias}) {
        byte[] encoded = variable.encode();
        out.writeInt(encoded.length);
        out.write(encoded);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Makes every restore fail, as a graph whose restore signature broke. */
  SoftmaxGraph failRestores() {
    this.failRestores = true;
    return this;
  }

  @Override
  public void restoreVariables(byte[] saved) {
    if (failRestores) {
      throw new IllegalArgumentException("the restore signature failed");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved));
        NDManager scratch = model.getNDManager().newSubManager()) {
      NDArray w = scratch.decode(in.readNBytes(in.readInt()));
      NDArray b = scratch.decode(in.readNBytes(in.readInt()));
      if (!w.getShape().equals(weights.getShape()) || !b.getShape().equals(bias.getShape())) {
        throw new IllegalArgumentException(
            "saved shapes " + w.getShape() + ", " + b.getShape() + " are not this graph's");
      }
      weights.set(new NDIndex("..."), w);
      bias.set(new NDIndex("..."), b);
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated: " + e, e);
    }
  }

  /** The outputs on {@code x}, to compare two graphs. */
  float[] outputsOn(NDArray x) {
    return x.matMul(weights).add(bias).toFloatArray();
  }

  @Override
  public void close() {
    model.close();
  }
}

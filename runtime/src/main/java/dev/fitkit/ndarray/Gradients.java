package dev.fitkit.ndarray;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * In-place operations on the gradients the model's parameters hold. {@code getGradient()} gives a
 * new handle on the same storage each time, so every handle (and every temporary) is attached to a
 * scope that is closed before returning: native memory stays flat however often this runs.
 */
public final class Gradients {
  private static final NDIndex ALL = new NDIndex("...");

  private Gradients() {}

  /** The L2 norm over every gradient, as if they were one vector. */
  public static double globalNorm(Trainer trainer) {
    try (NDManager scope = trainer.getManager().newSubManager()) {
      List<NDArray> gradients = of(trainer, scope);
      if (gradients.isEmpty()) {
        return 0;
      }
      NDList squares = new NDList();
      for (NDArray gradient : gradients) {
        squares.add(gradient.square().sum());
      }
      return Math.sqrt(NDArrays.stack(squares).sum().getFloat());
    }
  }

  /** Multiplies every gradient by {@code factor}. */
  public static void scale(Trainer trainer, double factor) {
    forEach(trainer, gradient -> gradient.muli(factor));
  }

  /** Clamps every gradient element to {@code [-max, max]}. */
  public static void clipValue(Trainer trainer, double max) {
    forEach(trainer, gradient -> gradient.set(ALL, gradient.clip(-max, max)));
  }

  /** Sets every gradient to zero (even NaN or infinite ones, which a multiplication would keep). */
  public static void zero(Trainer trainer) {
    forEach(trainer, gradient -> gradient.set(ALL, 0));
  }

  private static void forEach(Trainer trainer, Consumer<NDArray> operation) {
    try (NDManager scope = trainer.getManager().newSubManager()) {
      of(trainer, scope).forEach(operation);
    }
  }

  /** The bytes of every gradient, in {@link #of} order: what a checkpoint keeps of them. */
  public static List<byte[]> read(Trainer trainer) {
    List<byte[]> bytes = new ArrayList<>();
    forEach(trainer, gradient -> bytes.add(gradient.toByteArray()));
    return bytes;
  }

  /**
   * Adds {@code bytes}, as {@link #read} gave them and multiplied by {@code factor}, to every
   * gradient.
   *
   * @throws IllegalArgumentException when they do not fit the network's gradients
   */
  public static void add(Trainer trainer, List<byte[]> bytes, double factor) {
    try (NDManager scope = trainer.getManager().newSubManager()) {
      List<NDArray> gradients = of(trainer, scope);
      if (gradients.size() != bytes.size()) {
        throw new IllegalArgumentException(
            bytes.size() + " saved gradients for a network with " + gradients.size());
      }
      for (int i = 0; i < gradients.size(); i++) {
        NDArray gradient = gradients.get(i);
        byte[] saved = bytes.get(i);
        long expected = gradient.size() * gradient.getDataType().getNumOfBytes();
        if (saved.length != expected) {
          throw new IllegalArgumentException(
              "saved gradient " + i + " has " + saved.length + " bytes, the network's " + expected);
        }
        NDArray addend =
            scope.create(
                ByteBuffer.wrap(saved).order(ByteOrder.nativeOrder()),
                gradient.getShape(),
                gradient.getDataType());
        if (factor != 1) {
          addend.muli(factor);
        }
        gradient.addi(addend);
      }
    }
  }

  /**
   * Makes the engine allocate every gradient, as zeros, by a backward pass through zero: PyTorch
   * holds no gradient before a parameter's first backward, and writes into one it does not hold are
   * lost.
   */
  public static void allocate(Trainer trainer) {
    try (NDManager scope = trainer.getManager().newSubManager();
        GradientCollector collector = trainer.newGradientCollector()) {
      NDArray zero = null;
      for (Parameter parameter : trainer.getModel().getBlock().getParameters().values()) {
        if (parameter.requiresGradient() && parameter.isInitialized()) {
          NDArray term = parameter.getArray().sum().muli(0);
          term.attach(scope);
          zero = zero == null ? term : zero.add(term);
          zero.attach(scope);
        }
      }
      if (zero != null) {
        collector.backward(zero);
      }
    }
  }

  /** Handles on the gradients of the trainable, initialized parameters, owned by {@code scope}. */
  public static List<NDArray> of(Trainer trainer, NDManager scope) {
    List<NDArray> gradients = new ArrayList<>();
    for (Parameter parameter : trainer.getModel().getBlock().getParameters().values()) {
      if (parameter.requiresGradient()
          && parameter.isInitialized()
          && parameter.getArray().hasGradient()) {
        NDArray gradient = parameter.getArray().getGradient();
        gradient.attach(scope);
        gradients.add(gradient);
      }
    }
    return gradients;
  }
}

package dev.fitkit.ndarray;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.function.BinaryOperator;

/**
 * Arithmetic between an array and a constant that stays correct inside a forward pass or a loss on
 * DJL's PyTorch engine. Use it instead of {@code NDArray.mul(Number)}, {@code div(Number)}, {@code
 * pow(Number)}, {@code maximum(Number)} and {@code minimum(Number)} on anything the gradient flows
 * through:
 *
 * <pre>{@code
 * NDArray scores = Constants.div(queries.batchMatMul(keys), Math.sqrt(size));
 * }</pre>
 *
 * <p>Why: on CPU, those DJL overloads wrap the constant in a temporary array whose memory is a Java
 * direct buffer lent to PyTorch (on a GPU it is copied), then close it at once. PyTorch's autograd
 * keeps that tensor for the backward pass (the gradient of {@code x / c} needs {@code c}), but once
 * the array is closed nothing in Java holds the buffer: if a garbage collection runs between
 * forward and backward, the buffer is freed and backward reads freed memory. Gradients become 0,
 * Infinity or NaN, and training diverges at random, more often on a loaded machine. {@code
 * add(Number)} and {@code sub(Number)} are safe (their gradients do not need the constant). Here
 * the constant is made by {@code NDManager.full}, whose memory PyTorch owns, so the tensor autograd
 * keeps stays valid.
 */
public final class Constants {
  private Constants() {}

  /** {@code array * value}. */
  public static NDArray mul(NDArray array, double value) {
    return apply(array, value, NDArray::mul);
  }

  /** {@code array / value}. */
  public static NDArray div(NDArray array, double value) {
    return apply(array, value, NDArray::div);
  }

  /** {@code array ^ value}, element-wise. */
  public static NDArray pow(NDArray array, double value) {
    return apply(array, value, NDArray::pow);
  }

  /** The element-wise maximum of {@code array} and {@code value}. */
  public static NDArray maximum(NDArray array, double value) {
    return apply(array, value, NDArray::maximum);
  }

  /** The element-wise minimum of {@code array} and {@code value}. */
  public static NDArray minimum(NDArray array, double value) {
    return apply(array, value, NDArray::minimum);
  }

  /**
   * A scalar of {@code like}'s data type, on its manager and device, in memory the engine owns. The
   * caller closes it; arrays computed from it keep what they need.
   */
  public static NDArray scalarLike(NDArray like, double value) {
    return like.getManager().full(new Shape(), (float) value, like.getDataType());
  }

  private static NDArray apply(NDArray array, double value, BinaryOperator<NDArray> operation) {
    try (NDArray constant = scalarLike(array, value)) {
      return operation.apply(array, constant);
    }
  }
}

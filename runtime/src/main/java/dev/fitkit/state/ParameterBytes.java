package dev.fitkit.state;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A block's parameters as bytes, in DJL's own parameter format: for snapshots in memory and in checkpoints. */
public final class ParameterBytes {
  private ParameterBytes() {}

  public static byte[] save(Block block) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      block.saveParameters(out);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the parameters: " + e.getMessage(), e);
    }
    return bytes.toByteArray();
  }

  /**
   * Overwrites {@code block}'s parameters with saved ones; the block must have the same structure.
   *
   * <p>DJL replaces each parameter's array with a new one here, and a {@code Trainer} that already
   * ran keeps the arrays it cached at its first forward pass: it goes on with the old values. To
   * restore a block that is being trained, use {@link #saveValues} and {@link #copyInto}.
   */
  public static void load(Block block, NDManager manager, byte[] saved) throws MalformedModelException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved))) {
      block.loadParameters(manager, in);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the parameters: " + e.getMessage(), e);
    }
  }

  /**
   * The values of {@code block}'s parameters, in {@link Block#getParameters()} order: a snapshot to
   * put back into the same block with {@link #copyInto}. Not DJL's block format.
   */
  public static byte[] saveValues(Block block) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      ParameterList parameters = block.getParameters();
      out.writeInt(parameters.size());
      for (Pair<String, Parameter> parameter : parameters) {
        byte[] encoded = parameter.getValue().getArray().encode();
        out.writeUTF(parameter.getKey());
        out.writeInt(encoded.length);
        out.write(encoded);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the parameters: " + e.getMessage(), e);
    }
    return bytes.toByteArray();
  }

  /**
   * Copies values saved by {@link #saveValues} into {@code block}'s own arrays, in place: a trainer
   * holding those arrays trains on from the restored values, gradients and optimizer state stay
   * attached. With several devices, only the parameters' own arrays (the first device's) change.
   *
   * @throws IllegalArgumentException when the snapshot is of a block with other parameters
   */
  public static void copyInto(Block block, byte[] saved) {
    ParameterList parameters = block.getParameters();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved))) {
      int count = in.readInt();
      if (count != parameters.size()) {
        throw new IllegalArgumentException(
            "The snapshot holds " + count + " parameters, the block has " + parameters.size()
                + ": restore a snapshot into the block it was taken from");
      }
      for (Pair<String, Parameter> parameter : parameters) {
        String name = in.readUTF();
        byte[] encoded = in.readNBytes(in.readInt());
        if (!name.equals(parameter.getKey())) {
          throw new IllegalArgumentException(
              "The snapshot holds parameter " + name + " where the block has " + parameter.getKey()
                  + ": restore a snapshot into the block it was taken from");
        }
        copy(encoded, name, parameter.getValue().getArray());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the parameters: " + e.getMessage(), e);
    }
  }

  private static void copy(byte[] encoded, String name, NDArray target) {
    try (NDManager scratch = target.getManager().newSubManager()) {
      NDArray value = NDArray.decode(scratch, encoded);
      if (!value.getShape().equals(target.getShape())) {
        throw new IllegalArgumentException(
            "The snapshot's " + name + " has shape " + value.getShape() + ", the block's "
                + target.getShape() + ": restore a snapshot into the block it was taken from");
      }
      value.copyTo(target);
    }
  }
}

package dev.fitkit.run;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A block's parameters as bytes: for snapshots in memory (best weights) and in checkpoints.
 *
 * <p>Loading copies the saved values into the arrays the block already has, rather than replacing
 * them as DJL's {@code Block.loadParameters} does: the trainer's parameter store keeps references
 * to those arrays, and would go on training the old ones.
 */
public final class ParameterBytes {
  private static final int FORMAT = 1;

  private ParameterBytes() {}

  /** Every parameter of an initialized block, by id. */
  public static byte[] save(Block block) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(FORMAT);
      out.writeInt(block.getParameters().size());
      for (Pair<String, Parameter> entry : block.getParameters()) {
        byte[] encoded = entry.getValue().getArray().encode();
        out.writeUTF(entry.getKey());
        out.writeInt(encoded.length);
        out.write(encoded);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the parameters: " + e.getMessage(), e);
    }
    return bytes.toByteArray();
  }

  /** The saved parameters by id, as arrays of {@code manager}: to look into a checkpoint. */
  public static Map<String, NDArray> read(byte[] saved, NDManager manager)
      throws MalformedModelException {
    Map<String, NDArray> arrays = new LinkedHashMap<>();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved))) {
      if (in.readInt() != FORMAT) {
        throw new MalformedModelException(
            "Unknown parameter format: not written by this version of fitkit");
      }
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        String id = in.readUTF();
        arrays.put(id, manager.decode(in.readNBytes(in.readInt())));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the parameters: " + e.getMessage(), e);
    }
    return arrays;
  }

  /**
   * Copies saved values into {@code block}'s parameters, which must be initialized and have the
   * same ids and shapes.
   *
   * @throws MalformedModelException when the saved parameters do not fit the block
   */
  public static void load(Block block, NDManager manager, byte[] saved)
      throws MalformedModelException {
    Map<String, Parameter> parameters = new HashMap<>();
    block.getParameters().forEach(p -> parameters.put(p.getKey(), p.getValue()));
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved));
        NDManager scratch = manager.newSubManager()) {
      if (in.readInt() != FORMAT) {
        throw new MalformedModelException(
            "Unknown parameter format: not written by this version of fitkit");
      }
      int count = in.readInt();
      if (count != parameters.size()) {
        throw new MalformedModelException(
            "Saved parameters hold " + count + " arrays, the network has " + parameters.size());
      }
      for (int i = 0; i < count; i++) {
        String id = in.readUTF();
        byte[] encoded = in.readNBytes(in.readInt());
        Parameter parameter = parameters.get(id);
        if (parameter == null) {
          throw new MalformedModelException(
              "Saved parameter " + id + " does not exist in the network");
        }
        NDArray value = scratch.decode(encoded);
        NDArray target = parameter.getArray();
        if (!value.getShape().equals(target.getShape())) {
          throw new MalformedModelException(
              "Saved parameter "
                  + id
                  + " has shape "
                  + value.getShape()
                  + ", the network's has "
                  + target.getShape());
        }
        // Written through an index, in place: NDArray.copyTo swaps in a new tensor, which loses
        // the parameter's gradient tracking in the PyTorch engine.
        target.set(new NDIndex("..."), value.toDevice(target.getDevice(), false));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the parameters: " + e.getMessage(), e);
    }
  }
}

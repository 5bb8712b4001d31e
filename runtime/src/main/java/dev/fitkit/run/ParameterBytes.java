package dev.fitkit.run;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
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
  private static final NDIndex ALL = new NDIndex("...");

  private ParameterBytes() {}

  /** Every parameter of an initialized block, by name. */
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

  /** The saved parameters by name, as arrays of {@code manager}: to look into a checkpoint. */
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
      throw new MalformedModelException("The saved parameters are truncated: " + e, e);
    }
    return arrays;
  }

  /**
   * Copies saved values into {@code block}'s parameters, which must be initialized and have the
   * same names and shapes. Every saved array is read and checked first: parameters that do not fit
   * leave the block as it was.
   *
   * @throws MalformedModelException when the saved parameters do not fit the block
   */
  public static void load(Block block, NDManager manager, byte[] saved)
      throws MalformedModelException {
    try (NDManager scratch = manager.newSubManager()) {
      check(block, scratch, saved).copyIntoBlock();
    }
  }

  /**
   * Reads the saved values into {@code scratch} and checks they fit {@code block}, without changing
   * it: {@link Checked#copyIntoBlock()} then does, while {@code scratch} is open.
   *
   * @throws MalformedModelException when the saved parameters do not fit the block
   */
  public static Checked check(Block block, NDManager scratch, byte[] saved)
      throws MalformedModelException {
    Map<String, Parameter> parameters = new HashMap<>();
    block.getParameters().forEach(p -> parameters.put(p.getKey(), p.getValue()));
    Map<String, NDArray> values = read(saved, scratch);
    if (values.size() != parameters.size()) {
      throw new MalformedModelException(
          "Saved parameters hold "
              + values.size()
              + " arrays, the network has "
              + parameters.size());
    }
    for (Map.Entry<String, NDArray> value : values.entrySet()) {
      Parameter parameter = parameters.get(value.getKey());
      if (parameter == null) {
        throw new MalformedModelException(
            "Saved parameter " + value.getKey() + " does not exist in the network");
      }
      Shape target = parameter.getArray().getShape();
      if (!value.getValue().getShape().equals(target)) {
        throw new MalformedModelException(
            "Saved parameter "
                + value.getKey()
                + " has shape "
                + value.getValue().getShape()
                + ", the network's has "
                + target);
      }
    }
    return new Checked(parameters, values);
  }

  /** Saved parameters that fit a block, ready to be copied into it. */
  public static final class Checked {
    private final Map<String, Parameter> parameters;
    private final Map<String, NDArray> values;

    private Checked(Map<String, Parameter> parameters, Map<String, NDArray> values) {
      this.parameters = parameters;
      this.values = values;
    }

    /** Copies every saved value into its parameter, in place. */
    public void copyIntoBlock() {
      for (Map.Entry<String, NDArray> value : values.entrySet()) {
        NDArray target = parameters.get(value.getKey()).getArray();
        // Written through an index, in place: NDArray.copyTo swaps in a new tensor, which loses
        // the parameter's gradient tracking in the PyTorch engine.
        target.set(ALL, value.getValue().toDevice(target.getDevice(), false));
      }
    }
  }
}

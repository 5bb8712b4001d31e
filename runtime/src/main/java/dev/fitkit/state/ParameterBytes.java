package dev.fitkit.state;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
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

  /** Overwrites {@code block}'s parameters with saved ones; the block must have the same structure. */
  public static void load(Block block, NDManager manager, byte[] saved) throws MalformedModelException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved))) {
      block.loadParameters(manager, in);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the parameters: " + e.getMessage(), e);
    }
  }
}

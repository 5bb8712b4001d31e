package dev.fitkit.tensorflow;

import ai.djl.ndarray.types.DataType;
import dev.fitkit.FitConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * One signature of a SavedModel as its {@code saved_model.pb} declares it: inputs and outputs by
 * name, in name order (the order DJL returns outputs in), with their types.
 */
record SignatureInfo(String name, Map<String, DataType> inputs, Map<String, DataType> outputs) {

  /** Every signature of the meta graph tagged with all of {@code tags} (comma-separated). */
  static Map<String, SignatureInfo> read(Path folder, String tags) {
    Path file = folder.resolve("saved_model.pb");
    SavedModel saved;
    try {
      saved = SavedModel.parseFrom(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new FitConfigurationException(
          "No TensorFlow SavedModel in " + folder + ": cannot read " + file + " (" + e + ")", e);
    }
    List<String> wanted = Arrays.stream(tags.split(",")).map(String::trim).toList();
    Map<String, SignatureInfo> signatures = new TreeMap<>();
    for (MetaGraphDef graph : saved.getMetaGraphsList()) {
      if (graph.getMetaInfoDef().getTagsList().containsAll(wanted)) {
        graph.getSignatureDefMap().forEach((name, def) -> signatures.put(name, of(name, def)));
      }
    }
    if (signatures.isEmpty()) {
      throw new FitConfigurationException(
          "The SavedModel in "
              + folder
              + " has no meta graph tagged "
              + wanted
              + "; its tag sets are "
              + saved.getMetaGraphsList().stream()
                  .map(g -> g.getMetaInfoDef().getTagsList())
                  .toList()
              + ".");
    }
    return signatures;
  }

  private static SignatureInfo of(String name, SignatureDef def) {
    return new SignatureInfo(name, types(def.getInputsMap()), types(def.getOutputsMap()));
  }

  private static Map<String, DataType> types(Map<String, TensorInfo> tensors) {
    Map<String, DataType> types = new TreeMap<>();
    tensors.forEach((key, info) -> types.put(key, type(info.getDtype())));
    return types;
  }

  private static DataType type(org.tensorflow.proto.DataType type) {
    return switch (type) {
      case DT_FLOAT -> DataType.FLOAT32;
      case DT_DOUBLE -> DataType.FLOAT64;
      case DT_INT32 -> DataType.INT32;
      case DT_INT64 -> DataType.INT64;
      case DT_UINT8 -> DataType.UINT8;
      case DT_INT8 -> DataType.INT8;
      case DT_BOOL -> DataType.BOOLEAN;
      case DT_STRING -> DataType.STRING;
      default -> DataType.UNKNOWN;
    };
  }
}

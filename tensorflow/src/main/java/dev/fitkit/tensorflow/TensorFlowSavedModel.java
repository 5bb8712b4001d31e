package dev.fitkit.tensorflow;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import ai.djl.translate.NoopTranslator;
import dev.fitkit.FitConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;

/**
 * One signature of a TensorFlow SavedModel, run by DJL's TensorFlow engine on arrays of any engine:
 * inputs are copied to TensorFlow, outputs back to the engine of the caller's manager, and what
 * TensorFlow allocated for the call is freed before it returns, so memory stays flat however many
 * calls a fit makes. A signature the model does not export is an error listing those it does (DJL
 * itself falls back to the first one with only a warning).
 */
public final class TensorFlowSavedModel implements AutoCloseable {
  /** The tag models are exported under for serving, and the one loaded by default. */
  public static final String SERVE = "serve";

  private final Path folder;
  private final String signature;
  private final ZooModel<NDList, NDList> model;
  private final NDManager tensorflow;

  private TensorFlowSavedModel(Path folder, String signature, ZooModel<NDList, NDList> model) {
    this.folder = folder;
    this.signature = signature;
    this.model = model;
    this.tensorflow = model.getNDManager().newSubManager();
  }

  /** Loads {@code signature} of the SavedModel in {@code folder}, tagged {@code serve}. */
  public static TensorFlowSavedModel load(Path folder, String signature) {
    TensorFlowNatives.engine();
    List<String> signatures = signatures(folder);
    if (!signatures.contains(signature)) {
      throw new FitConfigurationException(
          "The SavedModel in "
              + folder
              + " has no signature '"
              + signature
              + "'; its signatures are "
              + signatures
              + ".");
    }
    Criteria<NDList, NDList> criteria =
        Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optEngine("TensorFlow")
            .optModelPath(folder)
            .optOption("Tags", SERVE)
            .optOption("SignatureDefKey", signature)
            .optTranslator(new NoopTranslator())
            .build();
    try {
      return new TensorFlowSavedModel(folder, signature, criteria.loadModel());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the SavedModel in " + folder + ": " + e, e);
    } catch (ModelNotFoundException | MalformedModelException e) {
      throw new FitConfigurationException(
          "DJL's TensorFlow engine cannot load the SavedModel in " + folder + ": " + e, e);
    }
  }

  /** The signatures the SavedModel in {@code folder} exports under the {@code serve} tag. */
  public static List<String> signatures(Path folder) {
    Path file = folder.resolve("saved_model.pb");
    SavedModel saved;
    try {
      saved = SavedModel.parseFrom(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new FitConfigurationException(
          "No TensorFlow SavedModel in " + folder + ": cannot read " + file + " (" + e + ")", e);
    }
    TreeSet<String> names = new TreeSet<>();
    for (MetaGraphDef graph : saved.getMetaGraphsList()) {
      if (graph.getMetaInfoDef().getTagsList().contains(SERVE)) {
        names.addAll(graph.getSignatureDefMap().keySet());
      }
    }
    return List.copyOf(names);
  }

  /** The signature this runs. */
  public String signature() {
    return signature;
  }

  /** The folder it was loaded from. */
  public Path folder() {
    return folder;
  }

  /**
   * Runs the signature on {@code inputs} (in the signature's input order, which is alphabetical
   * unless the arrays are named after the inputs); returns its outputs as arrays of {@code to}.
   */
  public NDList run(NDList inputs, NDManager to) {
    try (NDManager call = tensorflow.newSubManager()) {
      NDList copied = new NDList(inputs.size());
      for (NDArray input : inputs) {
        NDArray copy = call.from(input);
        copy.setName(input.getName());
        copied.add(copy);
      }
      NDList outputs = model.getBlock().forward(new ParameterStore(call, false), copied, false);
      NDList back = new NDList(outputs.size());
      for (NDArray output : outputs) {
        back.add(to.from(output));
      }
      return back;
    }
  }

  /** Arrays TensorFlow still holds for this model's calls: 0 between calls. */
  long liveArrays() {
    return ((BaseNDManager) tensorflow).getManagedArrays().size();
  }

  @Override
  public void close() {
    tensorflow.close();
    model.close();
  }
}

package dev.fitkit.tensorflow;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.tensorflow.engine.TfSymbolBlock;
import ai.djl.training.ParameterStore;
import ai.djl.translate.NoopTranslator;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.graph.GraphNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A TensorFlow SavedModel as a fitkit network: {@code Estimator.builder().graph(graph)}. It always
 * evaluates and predicts through its serving signature; with an {@code eval} signature the graph
 * computes the loss, else the estimator's loss does, on TensorFlow arrays. With {@code train},
 * {@code save} and {@code restore} signatures ({@link TrainableGraph} exports them) {@code fit}
 * trains it: each batch is one call of {@code train}, which updates the variables inside the graph,
 * and checkpoints hold the variables through {@code save}.
 *
 * <p>Signature conventions: the serving signature's inputs are the data, fed in the batch's order
 * sorted by name; {@code eval} adds the labels (its other inputs) and returns {@code loss} with the
 * serving outputs; {@code train} adds {@code learning_rate}, a float scalar; {@code save} and
 * {@code restore} take one string, a path prefix.
 */
public final class TensorFlowGraph implements GraphNetwork, AutoCloseable {
  private static final String LOSS = "loss";
  private static final String LEARNING_RATE = "learning_rate";

  private final Path folder;
  private final ZooModel<NDList, NDList> model;
  private final Map<String, SignatureInfo> signatures;
  private final Map<String, TfSymbolBlock> blocks = new LinkedHashMap<>();
  private final SignatureInfo serving;
  private final NDManager calls;
  private final VariableFiles variables;

  private TensorFlowGraph(
      Path folder,
      ZooModel<NDList, NDList> model,
      Map<String, SignatureInfo> signatures,
      String servingName) {
    this.folder = folder;
    this.model = model;
    this.signatures = signatures;
    this.serving = signatures.get(servingName);
    this.calls = model.getNDManager().newSubManager();
    TfSymbolBlock loaded = (TfSymbolBlock) model.getBlock();
    blocks.put(servingName, loaded);
    for (String name : signatures.keySet()) {
      if (!name.equals(servingName)) {
        blocks.put(name, new TfSymbolBlock(loaded.getSavedModelBundle(), name));
      }
    }
    this.variables = new VariableFiles(this::runPrefix);
  }

  /** The SavedModel in {@code folder}, tagged {@code serve}, served by {@code serving_default}. */
  public static TensorFlowGraph load(Path folder) {
    return load(folder, TensorFlowSavedModel.SERVE, TrainableGraph.SERVING);
  }

  /**
   * The SavedModel in {@code folder} under {@code tags} (comma-separated), evaluated and predicted
   * through {@code servingSignature}. A signature it does not export is an error listing those it
   * does.
   */
  public static TensorFlowGraph load(Path folder, String tags, String servingSignature) {
    TensorFlowNatives.engine();
    Map<String, SignatureInfo> signatures = SignatureInfo.read(folder, tags);
    if (!signatures.containsKey(servingSignature)) {
      throw new FitConfigurationException(
          "The SavedModel in "
              + folder
              + " has no signature '"
              + servingSignature
              + "' under tags "
              + tags
              + "; its signatures are "
              + signatures.keySet()
              + ".");
    }
    checkConventions(folder, signatures);
    Criteria<NDList, NDList> criteria =
        Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optEngine("TensorFlow")
            .optModelPath(folder)
            .optModelName(folder.getFileName().toString())
            .optOption("Tags", tags)
            .optOption("SignatureDefKey", servingSignature)
            .optTranslator(new NoopTranslator())
            .build();
    try {
      ZooModel<NDList, NDList> model = criteria.loadModel();
      try {
        return new TensorFlowGraph(folder, model, signatures, servingSignature);
      } catch (RuntimeException e) {
        model.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the SavedModel in " + folder + ": " + e, e);
    } catch (ModelNotFoundException | MalformedModelException e) {
      throw new FitConfigurationException(
          "DJL's TensorFlow engine cannot load the SavedModel in " + folder + ": " + e, e);
    }
  }

  /**
   * Refuses, at load, signatures that break the conventions fitkit calls them by, rather than
   * failing at the first batch with an index error.
   */
  private static void checkConventions(Path folder, Map<String, SignatureInfo> signatures) {
    for (String name : List.of(TrainableGraph.TRAIN, TrainableGraph.EVAL)) {
      SignatureInfo signature = signatures.get(name);
      if (signature != null && !signature.outputs().containsKey(LOSS)) {
        throw new FitConfigurationException(
            "The signature "
                + name
                + " of the SavedModel in "
                + folder
                + " has no output 'loss' (its outputs are "
                + signature.outputs().keySet()
                + "): fitkit reads each batch's mean loss from it. Export the loss as 'loss'.");
      }
    }
    SignatureInfo train = signatures.get(TrainableGraph.TRAIN);
    if (train != null && !train.inputs().containsKey(LEARNING_RATE)) {
      throw new FitConfigurationException(
          "The signature train of the SavedModel in "
              + folder
              + " has no input 'learning_rate' (its inputs are "
              + train.inputs().keySet()
              + "): fitkit feeds each update's learning rate, a float scalar, through it.");
    }
    for (String name : List.of(TrainableGraph.SAVE, TrainableGraph.RESTORE)) {
      SignatureInfo signature = signatures.get(name);
      if (signature != null
          && !List.copyOf(signature.inputs().values()).equals(List.of(DataType.STRING))) {
        throw new FitConfigurationException(
            "The signature "
                + name
                + " of the SavedModel in "
                + folder
                + " takes "
                + signature.inputs()
                + ", but fitkit gives it one string, a path prefix for TensorFlow's"
                + " SaveV2/RestoreV2.");
      }
    }
  }

  /** The signatures the SavedModel exports under the loaded tags. */
  public List<String> signatures() {
    return List.copyOf(signatures.keySet());
  }

  @Override
  public Model model() {
    return model;
  }

  @Override
  public boolean trainable() {
    return missingForTraining().isEmpty();
  }

  @Override
  public String untrainableReason() {
    return "The SavedModel in "
        + folder
        + " cannot be trained by fit: it exports no "
        + String.join(", ", missingForTraining())
        + " signature (it has "
        + signatures.keySet()
        + "), and DJL's TensorFlow engine computes no gradients (no Trainer, no GradientCollector),"
        + " so fitkit cannot train it from outside. Either export train, eval, save and restore"
        + " signatures (TrainableGraph builds such SavedModels in Java), or train a PyTorch head on"
        + " what it computes: new SequentialBlock().add(new"
        + " TensorFlowFeatures(TensorFlowSavedModel.load(folder, signature))).add(head) (README,"
        + " \"TensorFlow\").";
  }

  private List<String> missingForTraining() {
    List<String> missing = new ArrayList<>();
    // eval too: the validation loss must be the loss the graph trains on.
    for (String name :
        List.of(
            TrainableGraph.TRAIN,
            TrainableGraph.EVAL,
            TrainableGraph.SAVE,
            TrainableGraph.RESTORE)) {
      if (!signatures.containsKey(name)) {
        missing.add(name);
      }
    }
    return missing;
  }

  @Override
  public boolean computesLoss() {
    return signatures.containsKey(TrainableGraph.EVAL);
  }

  @Override
  public Step train(NDList data, NDList labels, float learningRate, NDManager arrays) {
    NDList inputs = new NDList(data);
    inputs.addAll(labels);
    NDArray rate = arrays.create(learningRate);
    rate.setName(LEARNING_RATE);
    inputs.add(rate);
    return step(TrainableGraph.TRAIN, inputs, arrays);
  }

  @Override
  public Step evaluate(NDList data, NDList labels, NDManager arrays) {
    if (!computesLoss()) {
      return new Step(null, run(serving, data, arrays));
    }
    NDList inputs = new NDList(data);
    inputs.addAll(labels);
    return step(TrainableGraph.EVAL, inputs, arrays);
  }

  @Override
  public NDList predict(NDList data, NDManager arrays) {
    try (NDManager call = calls.newSubManager()) {
      NDList outputs = run(serving, data, call);
      NDList back = new NDList(outputs.size());
      for (NDArray output : outputs) {
        back.add(arrays.from(output));
      }
      return back;
    }
  }

  @Override
  public byte[] saveVariables() {
    requireSignatures(TrainableGraph.SAVE);
    return variables.save();
  }

  @Override
  public void restoreVariables(byte[] saved) {
    requireSignatures(TrainableGraph.RESTORE);
    variables.restore(saved);
  }

  /**
   * Writes the graph as it is now, trained variables included, as a SavedModel in {@code folder}
   * (which must not exist or be empty): the loaded SavedModel's files but its variables (its {@code
   * saved_model.pb}, assets), and the variables its {@code save} signature writes. The SavedModel
   * is written beside {@code folder} and moved into place, so a failure leaves no partial model.
   * {@link #load} and {@code TensorFlowSavedModel.load} read it back.
   */
  public Path saveTo(Path folder) {
    requireSignatures(TrainableGraph.SAVE);
    Path target = folder.toAbsolutePath();
    Path partial = null;
    try {
      if (Files.exists(target)) {
        try (var entries = Files.list(target)) {
          if (entries.findAny().isPresent()) {
            throw new IllegalArgumentException(
                "saveTo writes into an empty folder, but " + folder + " has files");
          }
        }
      }
      Files.createDirectories(target.getParent());
      partial = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + "-");
      copyAllButVariables(this.folder, partial);
      Files.createDirectories(partial.resolve("variables"));
      runPrefix(TrainableGraph.SAVE, partial.resolve("variables").resolve("variables").toString());
      Files.deleteIfExists(target); // empty, checked above
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      partial = null;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the SavedModel to " + folder + ": " + e, e);
    } finally {
      if (partial != null) {
        FileTrees.deleteQuietly(partial);
      }
    }
    return folder;
  }

  private static void copyAllButVariables(Path from, Path to) throws IOException {
    Path variables = from.resolve("variables");
    try (var files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (file.equals(from) || file.startsWith(variables)) {
          continue;
        }
        Path copy = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy);
        }
      }
    }
  }

  private void requireSignatures(String name) {
    if (!signatures.containsKey(name)) {
      throw new FitConfigurationException(
          "The SavedModel in "
              + folder
              + " exports no '"
              + name
              + "' signature, which checkpoints and best weights need; its signatures are "
              + signatures.keySet()
              + ".");
    }
  }

  /** Runs {@code save} or {@code restore} on a path prefix. */
  private void runPrefix(String signature, String prefix) {
    try (NDManager call = calls.newSubManager()) {
      NDArray path = call.create(prefix);
      path.setName(signatures.get(signature).inputs().keySet().iterator().next());
      blocks.get(signature).forward(new ParameterStore(call, false), new NDList(path), false);
    }
  }

  /** A loss-and-outputs signature: {@code loss}, and its other outputs in name order. */
  private Step step(String name, NDList inputs, NDManager arrays) {
    NDList outputs = run(signatures.get(name), inputs, arrays);
    List<String> keys = new ArrayList<>(signatures.get(name).outputs().keySet());
    NDArray loss = outputs.get(keys.indexOf(LOSS));
    NDList rest = new NDList();
    for (int i = 0; i < outputs.size(); i++) {
      if (i != keys.indexOf(LOSS)) {
        rest.add(outputs.get(i));
      }
    }
    return new Step(loss, rest);
  }

  /**
   * Feeds {@code arrays} to {@code signature}'s inputs in name order, each cast to the input's
   * type; the outputs come back in name order, as arrays of {@code manager}.
   */
  private NDList run(SignatureInfo signature, NDList arrays, NDManager manager) {
    Map<String, DataType> inputs = signature.inputs();
    if (arrays.size() != inputs.size()) {
      throw new FitConfigurationException(
          "The signature "
              + signature.name()
              + " of the SavedModel in "
              + folder
              + " takes "
              + inputs.size()
              + " inputs "
              + inputs.keySet()
              + ", but the batch gives "
              + arrays.size()
              + " arrays: its data then its labels (and the learning rate when training).");
    }
    NDList fed = new NDList(arrays.size());
    int i = 0;
    for (Map.Entry<String, DataType> input : ordered(signature, arrays).entrySet()) {
      NDArray array = manager.from(arrays.get(i++));
      if (array.getDataType() != input.getValue()) {
        array = array.toType(input.getValue(), false);
      }
      array.setName(input.getKey());
      fed.add(array);
    }
    return blocks.get(signature.name()).forward(new ParameterStore(manager, false), fed, false);
  }

  /**
   * The inputs in the order the arrays come: data (the serving inputs, by name), then labels (the
   * other inputs but the learning rate, by name), then the learning rate.
   */
  private Map<String, DataType> ordered(SignatureInfo signature, NDList arrays) {
    Map<String, DataType> ordered = new LinkedHashMap<>();
    Map<String, DataType> rest = new TreeMap<>(signature.inputs());
    for (String data : serving.inputs().keySet()) {
      if (rest.containsKey(data)) {
        ordered.put(data, rest.remove(data));
      }
    }
    DataType rate = rest.remove(LEARNING_RATE);
    ordered.putAll(rest);
    if (rate != null) {
      ordered.put(LEARNING_RATE, rate);
    }
    return ordered;
  }

  @Override
  public void close() {
    calls.close();
    blocks.values().stream().skip(1).forEach(TfSymbolBlock::close);
    model.close();
  }
}

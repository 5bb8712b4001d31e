package dev.fitkit.tensorflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.Restore;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * Builds, in Java with TensorFlow's graph API, a SavedModel that {@link TensorFlowGraph} trains
 * through {@code Estimator.fit}: a network (inputs to outputs), a loss and an optimizer, exported
 * with the signatures
 *
 * <ul>
 *   <li>{@code serving_default}: {@code x} to {@code outputs};
 *   <li>{@code eval}: {@code x}, {@code y} to {@code loss} and {@code outputs};
 *   <li>{@code train}: {@code x}, {@code y}, {@code learning_rate} to {@code loss} and {@code
 *       outputs} (both at the variables before the step), updating every variable;
 *   <li>{@code save} and {@code restore}: {@code prefix} (a path prefix) to {@code prefix}, writing
 *       or reading every variable, optimizer slots included, with TensorFlow's SaveV2/RestoreV2;
 *   <li>{@code features}, when the network marked them with {@link GraphScope#features}: {@code x}
 *       to {@code features}, for transfer learning.
 * </ul>
 *
 * <pre>{@code
 * Path folder = TrainableGraph.builder()
 *     .inputShape(30)
 *     .network((g, x) -> g.dense("out", x, 1))
 *     .loss(TrainableGraph.Loss.sigmoidBinaryCrossEntropy())
 *     .optimizer(TrainableGraph.Optimizer.adam())
 *     .export(Path.of("model"));
 * }</pre>
 *
 * Labels {@code y} are float, as DJL datasets give them: class indices for the softmax loss, 0 or 1
 * for the binary one, targets for L2. The graph has no init op (DJL's TensorFlow engine would run
 * it before every call): variables get their initial values before the export, which saves them.
 */
public final class TrainableGraph {
  public static final String SERVING = "serving_default";
  public static final String TRAIN = "train";
  public static final String EVAL = "eval";
  public static final String SAVE = "save";
  public static final String RESTORE = "restore";
  public static final String FEATURES = "features";

  private TrainableGraph() {}

  public static Builder builder() {
    return new Builder();
  }

  /** The user's network: outputs from the input {@code x}, with variables made by {@code g}. */
  @FunctionalInterface
  public interface Network {
    Operand<TFloat32> build(GraphScope g, Operand<TFloat32> x);
  }

  /** A trainable variable and its initial value. */
  record Slot(String name, Variable<TFloat32> variable, float[] initial, Shape shape) {}

  /** The loss the graph computes from its outputs and the labels. */
  public abstract static class Loss {
    private final String name;

    private Loss(String name) {
      this.name = name;
    }

    /**
     * Softmax cross entropy over {@code classes} outputs, labels being class indices: {@code
     * -mean(sum(oneHot(y) * logSoftmax(outputs)))}, which TensorFlow can differentiate (its sparse
     * softmax cross entropy op has no gradient in the C API).
     */
    public static Loss softmaxCrossEntropy(int classes) {
      return new Loss("softmax cross entropy") {
        @Override
        Operand<TFloat32> build(Ops tf, Operand<TFloat32> outputs, Operand<TFloat32> y) {
          Operand<TInt32> indices =
              tf.dtypes.cast(tf.reshape(y, tf.constant(new int[] {-1})), TInt32.class);
          Operand<TFloat32> oneHot =
              tf.oneHot(indices, tf.constant(classes), tf.constant(1f), tf.constant(0f));
          Operand<TFloat32> picked =
              tf.reduceSum(tf.math.mul(oneHot, tf.nn.logSoftmax(outputs)), tf.constant(1));
          return tf.math.neg(tf.math.mean(picked, tf.constant(0)));
        }
      };
    }

    /**
     * Binary cross entropy on one logit per sample, labels 0 or 1, in the stable form {@code max(z,
     * 0) - z y + log(1 + exp(-|z|))}, as DJL's {@code SigmoidBinaryCrossEntropyLoss}.
     */
    public static Loss sigmoidBinaryCrossEntropy() {
      return new Loss("sigmoid binary cross entropy") {
        @Override
        Operand<TFloat32> build(Ops tf, Operand<TFloat32> z, Operand<TFloat32> y) {
          Operand<TFloat32> labels = tf.reshape(y, tf.shape(z));
          Operand<TFloat32> loss =
              tf.math.add(
                  tf.math.sub(tf.math.maximum(z, tf.constant(0f)), tf.math.mul(z, labels)),
                  tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(z)))));
          return tf.math.mean(tf.reshape(loss, tf.constant(new int[] {-1})), tf.constant(0));
        }
      };
    }

    /** Half the mean squared error, as DJL's {@code L2Loss}. */
    public static Loss l2() {
      return new Loss("L2") {
        @Override
        Operand<TFloat32> build(Ops tf, Operand<TFloat32> outputs, Operand<TFloat32> y) {
          Operand<TFloat32> error = tf.math.sub(outputs, tf.reshape(y, tf.shape(outputs)));
          Operand<TFloat32> flat = tf.reshape(tf.math.square(error), tf.constant(new int[] {-1}));
          return tf.math.mul(tf.constant(0.5f), tf.math.mean(flat, tf.constant(0)));
        }
      };
    }

    abstract Operand<TFloat32> build(Ops tf, Operand<TFloat32> outputs, Operand<TFloat32> y);

    @Override
    public String toString() {
      return name;
    }
  }

  /** How the train signature updates the variables, at the learning rate fed to each call. */
  public abstract static class Optimizer {
    private Optimizer() {}

    /** Plain gradient descent ({@code ApplyGradientDescent}). */
    public static Optimizer sgd() {
      return new Optimizer() {
        @Override
        List<Op> updates(
            Ops tf,
            Ops gated,
            List<Slot> variables,
            List<Operand<TFloat32>> gradients,
            Operand<TFloat32> rate,
            List<Slot> slots) {
          List<Op> updates = new ArrayList<>();
          for (int i = 0; i < variables.size(); i++) {
            updates.add(
                gated.train.applyGradientDescent(
                    variables.get(i).variable(), rate, gradients.get(i)));
          }
          return updates;
        }
      };
    }

    /** Adam with Keras' defaults: beta1 0.9, beta2 0.999, epsilon 1e-7. */
    public static Optimizer adam() {
      return adam(0.9f, 0.999f, 1e-7f);
    }

    /**
     * Adam ({@code ApplyAdam}); its moments and the powers of the betas are variables, so the save
     * signature keeps them and a resumed run continues exactly.
     */
    public static Optimizer adam(float beta1, float beta2, float epsilon) {
      return new Optimizer() {
        @Override
        List<Op> updates(
            Ops tf,
            Ops gated,
            List<Slot> variables,
            List<Operand<TFloat32>> gradients,
            Operand<TFloat32> rate,
            List<Slot> slots) {
          Variable<TFloat32> beta1Power =
              slot(tf, slots, "adam_beta1_power", beta1, Shape.scalar());
          Variable<TFloat32> beta2Power =
              slot(tf, slots, "adam_beta2_power", beta2, Shape.scalar());
          List<Op> steps = new ArrayList<>();
          for (int i = 0; i < variables.size(); i++) {
            Slot v = variables.get(i);
            Variable<TFloat32> m = slot(tf, slots, v.name() + "_adam_m", 0f, v.shape());
            Variable<TFloat32> s = slot(tf, slots, v.name() + "_adam_v", 0f, v.shape());
            steps.add(
                gated.train.applyAdam(
                    v.variable(),
                    m,
                    s,
                    beta1Power,
                    beta2Power,
                    rate,
                    gated.constant(beta1),
                    gated.constant(beta2),
                    gated.constant(epsilon),
                    gradients.get(i)));
          }
          // The powers advance after every variable took its step with the old ones.
          Ops after = tf.withControlDependencies(steps);
          List<Op> updates = new ArrayList<>(steps);
          updates.add(after.assign(beta1Power, after.math.mul(beta1Power, after.constant(beta1))));
          updates.add(after.assign(beta2Power, after.math.mul(beta2Power, after.constant(beta2))));
          return updates;
        }
      };
    }

    private static Variable<TFloat32> slot(
        Ops tf, List<Slot> slots, String name, float value, Shape shape) {
      float[] initial = new float[Math.toIntExact(shape.size())];
      java.util.Arrays.fill(initial, value);
      Variable<TFloat32> variable = tf.withName(name).variable(shape, TFloat32.class);
      slots.add(new Slot(name, variable, initial, shape));
      return variable;
    }

    /**
     * The ops that update the variables, made with {@code gated} (which waits for every gradient);
     * the optimizer's own variables are made with {@code tf} and added to {@code slots}.
     */
    abstract List<Op> updates(
        Ops tf,
        Ops gated,
        List<Slot> variables,
        List<Operand<TFloat32>> gradients,
        Operand<TFloat32> rate,
        List<Slot> slots);
  }

  /** The parts of a trainable graph; {@link #export} builds and writes it. */
  public static final class Builder {
    private long[] inputShape;
    private Network network;
    private Loss loss;
    private Optimizer optimizer = Optimizer.adam();
    private long seed = 0;

    private Builder() {}

    /** One sample's shape, e.g. {@code 30} or {@code 28, 28}; the batch axis comes first. */
    public Builder inputShape(long... shape) {
      this.inputShape = shape.clone();
      return this;
    }

    public Builder network(Network network) {
      this.network = network;
      return this;
    }

    public Builder loss(Loss loss) {
      this.loss = loss;
      return this;
    }

    /** By default Adam. */
    public Builder optimizer(Optimizer optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    /** Seeds the initial values of {@link GraphScope#dense} layers (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Builds the graph and exports it as a SavedModel into {@code folder}, which must not exist or
     * be empty; returns {@code folder}.
     */
    public Path export(Path folder) {
      if (inputShape == null || network == null || loss == null) {
        throw new IllegalStateException(
            "TrainableGraph needs .inputShape(...), .network(...) and .loss(...)");
      }
      requireEmpty(folder);
      TensorFlowNatives.engine(); // the natives, before the first graph
      try (Graph graph = new Graph();
          Session session = new Session(graph)) {
        Ops tf = Ops.create(graph);
        long[] batchShape = new long[inputShape.length + 1];
        batchShape[0] = -1;
        System.arraycopy(inputShape, 0, batchShape, 1, inputShape.length);
        Placeholder<TFloat32> x =
            tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(batchShape)));
        Placeholder<TFloat32> y =
            tf.withName("y").placeholder(TFloat32.class, Placeholder.shape(Shape.unknown()));
        Placeholder<TFloat32> rate =
            tf.withName("learning_rate")
                .placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        GraphScope scope = new GraphScope(tf, seed);
        Operand<TFloat32> outputs = network.build(scope, x);
        List<Slot> variables = scope.variables();
        if (variables.isEmpty()) {
          throw new IllegalStateException(
              "The network has no variables: make them with GraphScope.variable or dense");
        }
        Operand<TFloat32> lossValue = loss.build(tf, outputs, y);
        List<Operand<?>> params = new ArrayList<>();
        variables.forEach(v -> params.add(v.variable()));
        var gradients = tf.gradients(lossValue, params);
        // Every gradient, the loss and the outputs are computed before any variable changes:
        // updates of ref variables in place would otherwise race with the backward reads of the
        // same variables, and steps would differ from run to run.
        List<Op> computed = new ArrayList<>();
        List<Operand<TFloat32>> grads = new ArrayList<>();
        for (int i = 0; i < variables.size(); i++) {
          var gradient = tf.identity(gradients.<TFloat32>dy(i));
          grads.add(gradient);
          computed.add(gradient);
        }
        computed.add(tf.identity(lossValue));
        computed.add(tf.identity(outputs));
        List<Slot> slots = new ArrayList<>();
        List<Op> updates =
            optimizer.updates(
                tf, tf.withControlDependencies(computed), variables, grads, rate, slots);
        Ops afterStep = tf.withControlDependencies(updates);
        var trainLoss = afterStep.withName("train_loss").identity(lossValue);
        var trainOutputs = afterStep.withName("train_outputs").identity(outputs);

        List<Slot> all = new ArrayList<>(variables);
        all.addAll(slots);
        Placeholder<TString> savePrefix =
            tf.withName("save_prefix")
                .placeholder(TString.class, Placeholder.shape(Shape.scalar()));
        Placeholder<TString> restorePrefix =
            tf.withName("restore_prefix")
                .placeholder(TString.class, Placeholder.shape(Shape.scalar()));
        String[] names = all.stream().map(Slot::name).toArray(String[]::new);
        String[] slices = new String[names.length];
        java.util.Arrays.fill(slices, "");
        Operand<TString> tensorNames = strings(tf, names);
        Operand<TString> shapeAndSlices = strings(tf, slices);
        List<Operand<?>> tensors = new ArrayList<>();
        all.forEach(v -> tensors.add(v.variable()));
        Op save = tf.train.save(savePrefix, tensorNames, shapeAndSlices, tensors);
        var saved = tf.withControlDependencies(save).withName("saved").identity(savePrefix);
        List<Class<? extends TType>> types = new ArrayList<>();
        all.forEach(v -> types.add(TFloat32.class));
        Restore restore = tf.train.restore(restorePrefix, tensorNames, shapeAndSlices, types);
        // Every restored value's shape is checked before any variable is assigned: a checkpoint
        // of another graph with the same names must fail with the variables untouched.
        List<Operand<TFloat32>> checked = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
          @SuppressWarnings("unchecked") // restored as TFloat32, as every variable is
          Operand<TFloat32> value = (Operand<TFloat32>) restore.tensors().get(i);
          checked.add(tf.ensureShape(value, all.get(i).shape()));
        }
        Ops allChecked = tf.withControlDependencies(new ArrayList<Op>(checked));
        List<Op> assigns = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
          assigns.add(allChecked.assign(all.get(i).variable(), checked.get(i)));
        }
        var restored =
            tf.withControlDependencies(assigns).withName("restored").identity(restorePrefix);

        // Initial values, assigned once here: the export saves them, and there is no init op.
        List<Op> initial = new ArrayList<>();
        for (Slot v : all) {
          initial.add(tf.assign(v.variable(), scope.constant(v.initial(), v.shape())));
        }
        Session.Runner runner = session.runner();
        initial.forEach(runner::addTarget);
        runner.run();

        SavedModelBundle.Exporter exporter =
            SavedModelBundle.exporter(folder.toString()).withSession(session);
        if (scope.features() != null) {
          exporter.withSignature(
              Signature.builder()
                  .key(FEATURES)
                  .input("x", x)
                  .output("features", scope.features())
                  .build());
        }
        exporter
            .withSignature(
                Signature.builder().key(SERVING).input("x", x).output("outputs", outputs).build())
            .withSignature(
                Signature.builder()
                    .key(EVAL)
                    .input("x", x)
                    .input("y", y)
                    .output("loss", lossValue)
                    .output("outputs", outputs)
                    .build())
            .withSignature(
                Signature.builder()
                    .key(TRAIN)
                    .input("x", x)
                    .input("y", y)
                    .input("learning_rate", rate)
                    .output("loss", trainLoss)
                    .output("outputs", trainOutputs)
                    .build())
            .withSignature(
                Signature.builder()
                    .key(SAVE)
                    .input("prefix", savePrefix)
                    .output("prefix", saved)
                    .build())
            .withSignature(
                Signature.builder()
                    .key(RESTORE)
                    .input("prefix", restorePrefix)
                    .output("prefix", restored)
                    .build())
            .export();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot export the graph to " + folder + ": " + e, e);
      }
      return folder;
    }

    private static Operand<TString> strings(Ops tf, String[] values) {
      return tf.constant(Shape.of(values.length), DataBuffers.ofObjects(values));
    }

    private static void requireEmpty(Path folder) {
      try (var entries =
          Files.exists(folder) ? Files.list(folder) : java.util.stream.Stream.empty()) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException(
              "TrainableGraph exports into an empty folder, but " + folder + " has files");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + folder + ": " + e, e);
      }
    }
  }
}

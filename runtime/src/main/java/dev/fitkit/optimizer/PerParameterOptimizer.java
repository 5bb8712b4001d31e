package dev.fitkit.optimizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.optimizer.Optimizer;
import dev.fitkit.run.ParameterNames;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Several optimizers in one, each for the parameters whose name it claims: e.g. one for an encoder
 * and another, with its own learning rate, for a decoder. DJL's trainer takes a single optimizer;
 * this one hands each parameter's update to the first route whose predicate accepts the parameter's
 * name ({@code block.getParameters()} keys, such as {@code "encoder_..."}).
 *
 * <pre>{@code
 * PerParameterOptimizer.builder(network)
 *     .route(name -> name.contains("encoder_"), Adam.builder().learningRate(Tracker.fixed(1e-3f)).build())
 *     .otherwise(Adam.builder().learningRate(Tracker.fixed(5e-3f)).build())
 *     .build();
 * }</pre>
 *
 * Its state is its routes' states; checkpoints hold it when every route's optimizer is stateful.
 */
public final class PerParameterOptimizer extends Optimizer implements StatefulOptimizer {
  private final Block block;
  private final List<Predicate<String>> predicates;
  private final List<Optimizer> optimizers;
  private ParameterNames names;

  private PerParameterOptimizer(Builder builder) {
    super(builder);
    this.block = builder.block;
    this.predicates = List.copyOf(builder.predicates);
    this.optimizers = List.copyOf(builder.optimizers);
  }

  /** Routes the parameters of {@code block}, the network the estimator trains. */
  public static Builder builder(Block block) {
    return new Builder(block);
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    String name = names().nameOf().apply(parameterId);
    for (int i = 0; i < predicates.size(); i++) {
      if (predicates.get(i).test(name)) {
        optimizers.get(i).update(parameterId, weight, grad);
        return;
      }
    }
    throw new IllegalStateException(
        "No optimizer route claims parameter " + name + ": add a route for it, or otherwise(...)");
  }

  @Override
  public boolean canSaveState() {
    return optimizers.stream().allMatch(o -> o instanceof StatefulOptimizer s && s.canSaveState());
  }

  @Override
  public byte[] saveState(UnaryOperator<String> nameOf) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(optimizers.size());
      for (Optimizer optimizer : optimizers) {
        byte[] state = stateful(optimizer).saveState(nameOf);
        out.writeInt(state.length);
        out.write(state);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public void loadState(byte[] saved, NDManager manager, UnaryOperator<String> idOf) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved))) {
      int count = in.readInt();
      if (count != optimizers.size()) {
        throw new IllegalArgumentException(
            "The saved state has "
                + count
                + " optimizer routes, this optimizer "
                + optimizers.size());
      }
      for (Optimizer optimizer : optimizers) {
        stateful(optimizer).loadState(in.readNBytes(in.readInt()), manager, idOf);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ParameterNames names() {
    if (names == null) {
      names = new ParameterNames(block); // the block is initialized by its first update
    }
    return names;
  }

  private static StatefulOptimizer stateful(Optimizer optimizer) {
    if (optimizer instanceof StatefulOptimizer stateful) {
      return stateful;
    }
    throw new IllegalStateException(
        optimizer.getClass().getName()
            + " keeps its state private; route to "
            + SaveableEquivalents.of(optimizer)
            + " to save and resume this optimizer's state");
  }

  /** Collects the routes. */
  public static final class Builder extends OptimizerBuilder<Builder> {
    private final Block block;
    private final List<Predicate<String>> predicates = new ArrayList<>();
    private final List<Optimizer> optimizers = new ArrayList<>();

    private Builder(Block block) {
      this.block = block;
    }

    /** Parameters whose name {@code claims} accepts are updated by {@code optimizer}. */
    public Builder route(Predicate<String> claims, Optimizer optimizer) {
      predicates.add(claims);
      optimizers.add(optimizer);
      return this;
    }

    /** Every parameter no earlier route claimed. */
    public Builder otherwise(Optimizer optimizer) {
      return route(name -> true, optimizer);
    }

    @Override
    protected Builder self() {
      return this;
    }

    public PerParameterOptimizer build() {
      if (optimizers.isEmpty()) {
        throw new IllegalArgumentException("A PerParameterOptimizer needs at least one route");
      }
      return new PerParameterOptimizer(this);
    }
  }
}

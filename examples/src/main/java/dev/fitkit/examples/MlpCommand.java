package dev.fitkit.examples;

import dev.fitkit.examples.nets.Mlp;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "mlp",
    mixinStandardHelpOptions = true,
    description = "A multilayer perceptron (256, 128 hidden units) on Fashion-MNIST.")
final class MlpCommand implements Callable<Integer> {
  @Mixin TrainingOptions options;

  @Override
  public Integer call() throws Exception {
    ImageClassification.train("mlp", Mlp.build(256, 128), options);
    return 0;
  }
}

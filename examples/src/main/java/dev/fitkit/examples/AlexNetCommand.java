package dev.fitkit.examples;

import dev.fitkit.examples.nets.AlexNet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "alexnet",
    mixinStandardHelpOptions = true,
    description =
        "AlexNet on Fashion-MNIST, adapted to 28x28 images (5x5 first convolution, half the"
            + " ImageNet widths), trained like LeNet.")
final class AlexNetCommand implements Callable<Integer> {
  @Mixin TrainingOptions options;

  @Override
  public Integer call() throws Exception {
    ImageClassification.train("alexnet", AlexNet.build(), options);
    return 0;
  }
}

package dev.fitkit.examples;

import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.loss.Loss;
import dev.fitkit.Budget;
import dev.fitkit.Estimator;
import dev.fitkit.FitResult;
import dev.fitkit.examples.data.FashionMnist;
import dev.fitkit.examples.nets.Mlp;
import dev.fitkit.handlers.CheckpointHandler;
import dev.fitkit.metric.Accuracy;
import dev.fitkit.metric.Monitor;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "checkpoint",
    mixinStandardHelpOptions = true,
    description = {
      "Checkpoint, kill, resume: trains an MLP on Fashion-MNIST, saving a checkpoint every 100"
          + " batches and at every epoch. Stop it with Ctrl-C at any time (it saves on exit), then"
          + " run it again with --resume: it continues where it stopped, with the same result an"
          + " uninterrupted run would have had."
    })
final class CheckpointCommand implements Callable<Integer> {
  @Mixin TrainingOptions options;

  @Option(
      names = "--resume",
      description = "Continue from the newest checkpoint in the output folder.")
  boolean resume;

  @Override
  public Integer call() throws Exception {
    FashionMnist train =
        FashionMnist.builder()
            .optDirectory(options.data)
            .optUsage(Usage.TRAIN)
            .setSampling(options.batchSize, true)
            .optLimit(options.limit)
            .build();
    FashionMnist test =
        FashionMnist.builder()
            .optDirectory(options.data)
            .optUsage(Usage.TEST)
            .setSampling(options.batchSize, false)
            .build();
    Path folder = options.outputFor("checkpoint").resolve("checkpoints");
    CheckpointHandler checkpoints =
        CheckpointHandler.builder(folder)
            .batchPeriod(100)
            .monitor("validation accuracy", Monitor.Mode.AUTO)
            .saveBest(true)
            .build();

    try (Estimator estimator =
        Estimator.builder()
            .block(Mlp.build(256, 128))
            .loss(Loss.softmaxCrossEntropyLoss())
            .metrics(new Accuracy())
            .devices(options.devices())
            .seed(7)
            .handlers(checkpoints)
            .build()) {
      Budget budget = Budget.epochs(options.epochs);
      FitResult result =
          resume
              ? estimator.resume(folder, train, test, budget)
              : estimator.fit(train, test, budget);
      RunOutput.save(estimator, result, options.outputFor("checkpoint"), "mlp");
    }
    return 0;
  }
}

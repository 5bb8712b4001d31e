package dev.fitkit.examples;

import ai.djl.training.evaluator.BinaryAccuracy;
import dev.fitkit.Estimator;
import dev.fitkit.FitResult;
import dev.fitkit.LearningRate;
import dev.fitkit.examples.data.BreastCancer;
import dev.fitkit.examples.data.LabelledRows;
import dev.fitkit.tensorflow.TensorFlowGraph;
import dev.fitkit.tensorflow.TrainableGraph;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "logreg-tf",
    mixinStandardHelpOptions = true,
    defaultValueProvider = LogRegCommand.Defaults.class,
    description = {
      "Logistic regression on the Breast Cancer Wisconsin data, as logreg, but trained on DJL's"
          + " TensorFlow engine: the model is a TensorFlow graph built in Java (TrainableGraph),"
          + " trained by Estimator.fit through its train signature, and saved as a SavedModel.",
      "--data takes another CSV file in the same layout."
    })
final class LogRegTensorFlowCommand implements Callable<Integer> {
  @Mixin TrainingOptions options;

  @Override
  public Integer call() throws Exception {
    LabelledRows.Split data =
        BreastCancer.read(options.data).split(0.2, LogRegCommand.SPLIT_SEED).standardized();
    Path output = options.outputFor("logreg-tf");
    Path graphFolder = RunOutput.fresh(output.resolve("graph"));
    // One output, the logit of "benign"; BinaryAccuracy thresholds it at 0, i.e. probability 0.5.
    TrainableGraph.builder()
        .inputShape(data.train().featureCount())
        .network((g, x) -> g.dense("logit", x, 1))
        .loss(TrainableGraph.Loss.sigmoidBinaryCrossEntropy())
        .optimizer(TrainableGraph.Optimizer.adam())
        .seed(7)
        .export(graphFolder);
    try (TensorFlowGraph graph = TensorFlowGraph.load(graphFolder);
        Estimator estimator =
            Estimator.builder()
                .graph(graph)
                .metrics(new BinaryAccuracy("accuracy", 0f))
                .learningRate(LearningRate.fixed(0.01f))
                .devices(options.devices())
                .seed(7)
                .build()) {
      FitResult result =
          estimator.fit(
              data.train().dataset(options.batchSize, true, options.limit),
              data.test().dataset(options.batchSize, false, Long.MAX_VALUE),
              options.epochs);
      graph.saveTo(RunOutput.fresh(output.resolve("trained")));
      RunOutput.saveHistory(result, output, "logreg-tf");
    }
    return 0;
  }
}

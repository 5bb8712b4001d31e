package dev.fitkit.examples;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.loss.Loss;
import dev.fitkit.Estimator;
import dev.fitkit.FitResult;
import dev.fitkit.LearningRate;
import dev.fitkit.examples.data.FashionMnist;
import dev.fitkit.metric.Accuracy;
import dev.fitkit.tensorflow.TensorFlowFeatures;
import dev.fitkit.tensorflow.TensorFlowGraph;
import dev.fitkit.tensorflow.TensorFlowSavedModel;
import dev.fitkit.tensorflow.TrainableGraph;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "transfer-tf",
    mixinStandardHelpOptions = true,
    description = {
      "Transfer learning across engines on Fashion-MNIST: a TensorFlow feature extractor (784 to"
          + " 128 ReLU features) is built in Java, pre-trained on TensorFlow through its train"
          + " signature on the first --pretrain-samples training images, saved, then frozen under"
          + " a PyTorch head (a linear layer) that fit trains on PyTorch, on all of them (up to"
          + " --limit)."
    })
final class TransferCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(TransferCommand.class);

  @Mixin TrainingOptions options;

  @Option(
      names = "--pretrain-samples",
      description = "Training images the extractor is pre-trained on (default: ${DEFAULT-VALUE}).")
  long pretrainSamples = 10_000;

  @Option(
      names = "--pretrain-epochs",
      description = "Epochs of the extractor's pre-training (default: ${DEFAULT-VALUE}).")
  int pretrainEpochs = 2;

  @Override
  public Integer call() throws Exception {
    Path output = options.outputFor("transfer-tf");
    Path extractor = pretrainExtractor(output);
    try (TensorFlowSavedModel features = TensorFlowSavedModel.load(extractor, "features");
        Estimator head =
            Estimator.builder()
                .block(headOn(features))
                .loss(Loss.softmaxCrossEntropyLoss())
                .metrics(new Accuracy())
                .devices(options.devices())
                .seed(7)
                .build()) {
      FitResult result = head.fit(train(options.limit), test(), options.epochs);
      RunOutput.save(head, result, output, "transfer-tf");
    }
    return 0;
  }

  /** The extractor's graph, pre-trained on TensorFlow and saved with its trained variables. */
  private Path pretrainExtractor(Path output) throws java.io.IOException {
    Path built = RunOutput.fresh(output.resolve("extractor-initial"));
    TrainableGraph.builder()
        .inputShape(1, FashionMnist.IMAGE_HEIGHT, FashionMnist.IMAGE_WIDTH)
        .network(
            (g, x) -> {
              var flat = g.tf().reshape(x, g.tf().constant(new long[] {-1, 784}));
              var hidden = g.features(g.tf().nn.relu(g.dense("hidden", flat, 128)));
              return g.dense("classes", hidden, FashionMnist.NUM_CLASSES);
            })
        .loss(TrainableGraph.Loss.softmaxCrossEntropy(FashionMnist.NUM_CLASSES))
        .optimizer(TrainableGraph.Optimizer.adam())
        .seed(7)
        .export(built);
    Path trained = RunOutput.fresh(output.resolve("extractor"));
    try (TensorFlowGraph graph = TensorFlowGraph.load(built);
        Estimator pretraining =
            Estimator.builder()
                .graph(graph)
                .metrics(new Accuracy())
                .learningRate(LearningRate.fixed(0.001f))
                .devices(options.devices())
                .seed(7)
                .build()) {
      FitResult result =
          pretraining.fit(train(Math.min(pretrainSamples, options.limit)), pretrainEpochs);
      LOG.info("Pre-trained the TensorFlow extractor: {}", result.history().last().metrics());
      return graph.saveTo(trained);
    }
  }

  /** The frozen TensorFlow features under a linear PyTorch head. */
  private static Block headOn(TensorFlowSavedModel features) {
    return new SequentialBlock()
        .add(new TensorFlowFeatures(features))
        .add(Linear.builder().setUnits(FashionMnist.NUM_CLASSES).build());
  }

  private FashionMnist train(long limit) {
    return FashionMnist.builder()
        .optDirectory(options.data)
        .optUsage(Usage.TRAIN)
        .setSampling(options.batchSize, true)
        .optLimit(limit)
        .build();
  }

  private FashionMnist test() {
    return FashionMnist.builder()
        .optDirectory(options.data)
        .optUsage(Usage.TEST)
        .setSampling(Math.max(options.batchSize, ImageClassification.MIN_EVALUATION_BATCH), false)
        .build();
  }
}

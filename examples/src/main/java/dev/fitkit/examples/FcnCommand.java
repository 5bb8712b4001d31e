package dev.fitkit.examples;

import ai.djl.ndarray.NDManager;
import dev.fitkit.Estimator;
import dev.fitkit.FitResult;
import dev.fitkit.LearningRate;
import dev.fitkit.examples.segmentation.Fcn;
import dev.fitkit.examples.segmentation.MeanIoU;
import dev.fitkit.examples.segmentation.PixelAccuracy;
import dev.fitkit.examples.segmentation.PixelSoftmaxCrossEntropy;
import dev.fitkit.examples.segmentation.Shapes;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

@Command(
    name = "fcn",
    mixinStandardHelpOptions = true,
    defaultValueProvider = FcnCommand.Defaults.class,
    description = {
      "Semantic segmentation with a small fully convolutional network, on synthetic data generated"
          + " with fixed seeds: 32x32 images of rectangles, discs and triangles on a noisy"
          + " background, each pixel labelled background or its shape's kind. Trains on "
          + FcnCommand.TRAIN_IMAGES
          + " images, validates on "
          + FcnCommand.TEST_IMAGES
          + " others (another seed); reports pixel accuracy and mean IoU.",
      "--data is not used: the data is generated."
    })
final class FcnCommand implements Callable<Integer> {
  static final int TRAIN_IMAGES = 2000;
  static final int TEST_IMAGES = 500;

  /** The seeds are part of the data set's definition: train and test images never change. */
  static final long TRAIN_SEED = 1;

  static final long TEST_SEED = 2;

  @Mixin TrainingOptions options;

  @Override
  public Integer call() throws Exception {
    try (NDManager data = NDManager.newBaseManager();
        Estimator estimator =
            Estimator.builder()
                .block(Fcn.build(Shapes.CLASSES))
                .loss(new PixelSoftmaxCrossEntropy(Shapes.CLASSES))
                .metrics(new PixelAccuracy(Shapes.CLASSES), new MeanIoU(Shapes.CLASSES))
                .learningRate(LearningRate.fixed(0.003f))
                .devices(options.devices())
                .seed(7)
                .build()) {
      FitResult result =
          estimator.fit(
              Shapes.dataset(
                  data, TRAIN_IMAGES, TRAIN_SEED, options.batchSize, true, options.limit),
              Shapes.dataset(
                  data, TEST_IMAGES, TEST_SEED, options.batchSize, false, Long.MAX_VALUE),
              options.epochs);
      RunOutput.save(estimator, result, options.outputFor("fcn"), "fcn");
    }
    return 0;
  }

  /** Defaults that train in about a minute on two CPU cores. */
  static final class Defaults implements IDefaultValueProvider {
    private static final Map<String, String> VALUES = Map.of("--batch-size", "32", "--epochs", "8");

    @Override
    public String defaultValue(ArgSpec argument) {
      return argument instanceof OptionSpec option ? VALUES.get(option.longestName()) : null;
    }
  }
}

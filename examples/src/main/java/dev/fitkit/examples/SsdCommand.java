package dev.fitkit.examples;

import ai.djl.ndarray.NDManager;
import dev.fitkit.Estimator;
import dev.fitkit.FitResult;
import dev.fitkit.LearningRate;
import dev.fitkit.examples.detection.Anchors;
import dev.fitkit.examples.detection.BoxError;
import dev.fitkit.examples.detection.Boxes;
import dev.fitkit.examples.detection.DetectionAccuracy;
import dev.fitkit.examples.detection.SsdBatchProcessor;
import dev.fitkit.examples.detection.SsdLoss;
import dev.fitkit.examples.detection.TinySsd;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

@Command(
    name = "ssd",
    mixinStandardHelpOptions = true,
    defaultValueProvider = SsdCommand.Defaults.class,
    description = {
      "Object detection with a tiny single-shot detector, on synthetic data generated with fixed"
          + " seeds: 32x32 images of one or two squares or discs on a noisy background, each"
          + " labelled with its class and box. One 8x8 feature map, two square anchors per cell"
          + " (sides 8 and 12.8 pixels), a class head and a box-offset head; a custom batch"
          + " processor matches anchors to boxes by IoU and sums a softmax class loss and a"
          + " smooth-L1 box loss. Trains on "
          + SsdCommand.TRAIN_IMAGES
          + " images, validates on "
          + SsdCommand.TEST_IMAGES
          + " others (another seed); reports detection accuracy and box MAE in pixels.",
      "--data is not used: the data is generated."
    })
final class SsdCommand implements Callable<Integer> {
  static final int TRAIN_IMAGES = 2000;
  static final int TEST_IMAGES = 500;

  /** The seeds are part of the data set's definition: train and test images never change. */
  static final long TRAIN_SEED = 1;

  static final long TEST_SEED = 2;

  /** One 8x8 feature map (32 / 4), anchors of sides 0.25 and 0.4 of the image. */
  static final Anchors ANCHORS = Anchors.grid(8, 0.25f, 0.4f);

  @Mixin TrainingOptions options;

  @Override
  public Integer call() throws Exception {
    SsdLoss loss = new SsdLoss(ANCHORS, Boxes.OBJECT_CLASSES);
    try (NDManager data = NDManager.newBaseManager();
        Estimator estimator =
            Estimator.builder()
                .block(TinySsd.build(ANCHORS.perCell(), Boxes.OBJECT_CLASSES))
                .loss(loss)
                .batchProcessor(new SsdBatchProcessor(loss))
                .metrics(new DetectionAccuracy(ANCHORS), new BoxError(ANCHORS, Boxes.SIZE))
                .learningRate(LearningRate.fixed(0.003f))
                .devices(options.devices())
                .seed(7)
                .build()) {
      FitResult result =
          estimator.fit(
              Boxes.dataset(data, TRAIN_IMAGES, TRAIN_SEED, options.batchSize, true, options.limit),
              Boxes.dataset(data, TEST_IMAGES, TEST_SEED, options.batchSize, false, Long.MAX_VALUE),
              options.epochs);
      RunOutput.save(estimator, result, options.outputFor("ssd"), "ssd");
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

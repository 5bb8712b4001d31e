package dev.fitkit.examples;

import dev.fitkit.examples.data.FashionMnist;
import dev.fitkit.examples.data.RandomCrop;
import dev.fitkit.examples.data.RandomHorizontalFlip;
import dev.fitkit.examples.nets.ResNet18;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "resnet18",
    mixinStandardHelpOptions = true,
    description =
        "ResNet-18 (batch norm, residual blocks) on Fashion-MNIST, with data augmentation: random"
            + " left-right flips and random crops (shifts of up to 2 pixels) of the training"
            + " images. Batches need at least 2 images.")
final class ResNet18Command implements Callable<Integer> {
  /** Images in Fashion-MNIST's training split. */
  static final int TRAIN_SIZE = 60_000;

  @Mixin TrainingOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    requireNoSingleImageBatch();
    ImageClassification.train(
        "resnet18",
        ResNet18.build(FashionMnist.NUM_CLASSES),
        options,
        new RandomHorizontalFlip(),
        new RandomCrop(2));
    return 0;
  }

  /**
   * Batch norm cannot train on one value per channel, and for 28x28 images the last stage's maps
   * are 1x1: a batch of one image (the first, or the epoch's last, partial batch) would fail.
   */
  private void requireNoSingleImageBatch() {
    long samples = Math.min(options.limit, TRAIN_SIZE);
    if (options.batchSize < 2 || samples % options.batchSize == 1) {
      throw new ParameterException(
          spec.commandLine(),
          String.format(
              "ResNet-18 needs at least 2 images in every batch (batch norm over its 1x1 last"
                  + " maps), but --batch-size %d over %d images leaves a batch of 1: choose another"
                  + " batch size or --limit.",
              options.batchSize, samples));
    }
  }
}

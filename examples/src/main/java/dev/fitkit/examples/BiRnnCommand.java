package dev.fitkit.examples;

import dev.fitkit.examples.data.SyntheticReviews;
import dev.fitkit.examples.nets.BiRnn;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "birnn",
    mixinStandardHelpOptions = true,
    defaultValueProvider = TextClassification.Defaults.class,
    description = {
      "A bidirectional LSTM (32 units each way) for sentiment on GENERATED sentences (5-40 tokens;"
          + " cue words, and negators that flip the next cue): 10,000 to train, 2,000 held out,"
          + " fixed seeds. The network gets each sentence's valid length and averages only its real"
          + " steps. Reaches 0.994 held-out accuracy after 1 epoch, 1.000 from the second.",
      "--data is not used."
    })
final class BiRnnCommand implements Callable<Integer> {
  @Mixin TrainingOptions options;

  @Override
  public Integer call() throws Exception {
    TextClassification.train(
        "birnn",
        new BiRnn(SyntheticReviews.VOCABULARY.size(), 32, 32, TextClassification.CLASSES),
        true,
        0.005f,
        options);
    return 0;
  }
}

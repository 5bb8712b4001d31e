package dev.fitkit.examples;

import ai.djl.training.tracker.Tracker;
import dev.fitkit.Estimator;
import dev.fitkit.FitResult;
import dev.fitkit.examples.seq2seq.AttentionSeq2Seq;
import dev.fitkit.examples.seq2seq.MaskedTokenLoss;
import dev.fitkit.examples.seq2seq.ReversalPairs;
import dev.fitkit.examples.seq2seq.TokenAccuracy;
import dev.fitkit.optimizer.Adam;
import dev.fitkit.optimizer.PerParameterOptimizer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

@Command(
    name = "seq2seq",
    mixinStandardHelpOptions = true,
    defaultValueProvider = Seq2SeqCommand.Defaults.class,
    description = {
      "An encoder-decoder (one-way GRUs, 64 units) with dot-product attention that \"translates\""
          + " GENERATED digit sequences (3-10 digits) into their reversal written as word tokens,"
          + " then EOS: 6,000 pairs to train, 1,000 held out, fixed seeds. Teacher forcing: the"
          + " decoder reads the true previous token, in training and in validation. Loss: softmax"
          + " cross entropy over valid target tokens only (fed the targets' valid lengths)."
          + " Encoder and decoder have an Adam each (learning rates 0.005 and 0.01). Held out,"
          + " teacher-forced: token accuracy 0.750 and exact sequence match 0.289 after 1 epoch,"
          + " 0.948 / 0.724 after 10, 0.974 / 0.852 after 20 (about 1 s an epoch on 2 cores).",
      "--data is not used."
    })
final class Seq2SeqCommand implements Callable<Integer> {
  static final int TRAIN_SIZE = 6_000;
  static final int TEST_SIZE = 1_000;

  @Mixin TrainingOptions options;

  @Override
  public Integer call() throws Exception {
    List<int[]> train = ReversalPairs.generate(TRAIN_SIZE, 1);
    List<int[]> test = ReversalPairs.generate(TEST_SIZE, 2);
    AttentionSeq2Seq network =
        new AttentionSeq2Seq(
            ReversalPairs.SOURCE_VOCABULARY, ReversalPairs.TARGET_VOCABULARY, 32, 64);
    try (Estimator estimator =
        Estimator.builder()
            .block(network)
            .loss(new MaskedTokenLoss())
            .metrics(new TokenAccuracy(), TokenAccuracy.exactMatch())
            .optimizer(
                PerParameterOptimizer.builder(network)
                    .route(name -> name.contains("encoder_"), adam(0.005f))
                    .otherwise(adam(0.01f))
                    .build())
            .devices(options.devices())
            .seed(7)
            .build()) {
      FitResult result =
          estimator.fit(
              ReversalPairs.builder(train)
                  .setSampling(options.batchSize, true)
                  .optLimit(options.limit)
                  .build(),
              ReversalPairs.builder(test).setSampling(256, false).build(),
              options.epochs);
      RunOutput.save(estimator, result, options.outputFor("seq2seq"), "seq2seq");
    }
    return 0;
  }

  private static Adam adam(float learningRate) {
    return Adam.builder().learningRate(Tracker.fixed(learningRate)).build();
  }

  /** Defaults that suit 6,000 short generated pairs; {@code --data} is not used. */
  static final class Defaults implements IDefaultValueProvider {
    private static final Map<String, String> VALUES =
        Map.of("--batch-size", "64", "--epochs", "20");

    @Override
    public String defaultValue(ArgSpec argument) {
      return argument instanceof OptionSpec option ? VALUES.get(option.longestName()) : null;
    }
  }
}

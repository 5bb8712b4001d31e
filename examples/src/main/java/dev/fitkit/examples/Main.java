package dev.fitkit.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The examples' entry point: one subcommand per model. */
@Command(
    name = "examples",
    mixinStandardHelpOptions = true,
    description = "Trains the Fit API's example models on real data, offline, on CPU or GPUs.",
    subcommands = {
      LeNetCommand.class,
      MlpCommand.class,
      AlexNetCommand.class,
      ResNet18Command.class,
      LogRegCommand.class,
      LogRegTensorFlowCommand.class,
      TransferCommand.class,
      FcnCommand.class,
      SsdCommand.class,
      TextCnnCommand.class,
      BiRnnCommand.class,
      Seq2SeqCommand.class,
      CheckpointCommand.class
    })
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}

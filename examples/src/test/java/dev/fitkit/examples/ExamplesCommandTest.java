package dev.fitkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The examples as a user runs them: through the command line, on the real Fashion-MNIST files. */
class ExamplesCommandTest {

  private static int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Test
  void lenetTrainsOnASliceAndWritesItsRun(@TempDir Path output) throws Exception {
    int status = run("lenet", "--epochs", "1", "--limit", "2048", "--batch-size", "64", "--output", output.toString());

    assertEquals(0, status);
    Path run = output.resolve("lenet");
    assertTrue(Files.exists(run.resolve("lenet-0000.params")), "the trained parameters are saved");
    assertTrue(javax.imageio.ImageIO.read(run.resolve("history.png").toFile()).getWidth() > 0, "and plotted");
    List<String> history = Files.readAllLines(run.resolve("history.csv"));
    assertEquals("epoch,batches,seconds,learning rate,train accuracy,train loss,validation accuracy,validation loss", history.get(0));
    assertEquals(2, history.size());
    String[] epoch = history.get(1).split(",");
    assertEquals("32", epoch[1], "2048 samples in batches of 64");
    assertTrue(Double.parseDouble(epoch[6]) > 0.5, "better than chance on the test set after one small epoch: " + history.get(1));
  }

  @Test
  void checkpointThenResumeContinuesTheRun(@TempDir Path output) throws Exception {
    String[] common = {"--limit", "1024", "--batch-size", "64", "--output", output.toString()};
    assertEquals(0, run(concat(new String[] {"checkpoint", "--epochs", "1"}, common)));
    Path checkpoints = output.resolve("checkpoint/checkpoints");
    assertTrue(Files.exists(checkpoints.resolve("checkpoint-epoch1batch16.ckpt")));
    assertTrue(Files.exists(checkpoints.resolve("checkpoint-best.ckpt")));

    assertEquals(0, run(concat(new String[] {"checkpoint", "--epochs", "3", "--resume"}, common)));
    List<String> history = Files.readAllLines(output.resolve("checkpoint/history.csv"));
    assertEquals(4, history.size(), "one history: the first epoch, then two resumed ones: " + history);
    assertEquals(1, run(concat(new String[] {"checkpoint", "--epochs", "3", "--resume"}, common)),
        "the run is finished: resuming it again is an error");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Test
  void helpListsEveryExample() {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out));
    assertEquals(0, cli.execute("--help"));
    for (String example : List.of("lenet", "mlp", "checkpoint", "bench")) {
      assertTrue(out.toString().contains(example), out.toString());
    }
  }

  @Test
  void aMissingDataFolderSaysHowToGetTheData(@TempDir Path empty) {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setErr(new PrintWriter(err));
    int status = cli.execute("mlp", "--data", empty.resolve("nowhere").toString(), "--output", empty.toString());
    assertEquals(1, status);
    assertTrue(err.toString().contains("apt-get install dataset-fashion-mnist"), err.toString());
  }
}

package dev.fitkit.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fitkit.loop.DispatchBenchmark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks keep working: each contender trains a few batches in its own JVM and the report
 * comes out; each micro-benchmark's set-up and body run once. Nothing here is timed.
 */
class BenchmarksSmokeTest {

  @Test
  void everyJavaContenderRunsAndTheReportComesOut() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      EndToEnd.main(
          new String[] {
            "--networks",
            "mlp",
            "--samples",
            "640",
            "--warmup",
            "2",
            "--rounds",
            "1",
            "--threads",
            "1",
            "--contenders",
            "fit,fit-djl-adam,fit-100-handlers,hand-written,easy-train"
          });
    } finally {
      System.setOut(original);
    }
    String report = captured.toString(StandardCharsets.UTF_8);
    for (Contender c : Contender.values()) {
      if (c != Contender.PYTHON) {
        assertTrue(report.contains("| " + c.label + " | "), report);
      }
    }
    assertTrue(report.contains("mlp, batch 64, 640 samples (10 batches)"), report);
    assertTrue(report.contains("fit / EasyTrain.fit = "), report);
    assertTrue(report.contains("100 no-op handlers cost "), report);
    // The same network, data, seed and Adam update: the same loss, whatever the loop.
    long losses =
        report
            .lines()
            .filter(l -> l.contains(" loss "))
            .map(l -> l.substring(l.lastIndexOf(' ')))
            .distinct()
            .count();
    assertEquals(1, losses, report);
  }

  @Test
  void theMicroBenchmarksRun() throws Exception {
    DispatchBenchmark dispatch = new DispatchBenchmark();
    dispatch.listeners = 10;
    dispatch.setUp();
    dispatch.fireBatchEnd();
    dispatch.tearDown();

    OptimizerStepBenchmark step = new OptimizerStepBenchmark();
    step.adam = "fitkit";
    step.setUp();
    step.step();
    step.tearDown();

    FirstBatchBenchmark first = new FirstBatchBenchmark();
    first.setUp();
    assertEquals(1, first.fit());
    assertTrue(Double.isFinite(first.handWritten()));
  }
}

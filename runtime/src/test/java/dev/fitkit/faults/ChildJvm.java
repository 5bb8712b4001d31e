package dev.fitkit.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@link ChildTraining} in its own JVM, whose output lines the test reads as they come, and which
 * the test signals or kills. PyTorch runs one thread there, so children and the parent do not
 * oversubscribe the machine.
 */
final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final Path log;

  private ChildJvm(Process process, Path log) {
    this.process = process;
    this.log = log;
    Thread reader = new Thread(this::read, "child-output");
    reader.setDaemon(true);
    reader.start();
  }

  static ChildJvm start(Path log, String... options) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Dai.djl.offline=true",
            "-Dai.djl.default_engine=PyTorch",
            "-Dai.djl.pytorch.num_threads=1",
            "-Dai.djl.pytorch.num_interop_threads=1",
            "-Xmx1g",
            "-cp",
            System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
            ChildTraining.class.getName()));
    command.addAll(List.of(options));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    return new ChildJvm(process, log);
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
        Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
    } catch (IOException e) {
      // The process died: its output ends here.
    }
  }

  /** Waits for a line {@code wanted} accepts; fails after {@code timeout} or when the JVM ends. */
  String await(Predicate<String> wanted, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    synchronized (lines) {
      while (true) {
        for (; seen < lines.size(); seen++) {
          if (wanted.test(lines.get(seen))) {
            return lines.get(seen);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || (!process.isAlive() && seen == lines.size())) {
          throw new AssertionError("the child never printed the line awaited; output:\n" + text());
        }
        lines.wait(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 50));
      }
    }
  }

  String awaitPrefix(String prefix, Duration timeout) throws InterruptedException {
    return await(l -> l.startsWith(prefix), timeout);
  }

  /** The last {@code STEP n} printed, or 0. */
  long lastStep() {
    synchronized (lines) {
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (lines.get(i).startsWith("STEP ")) {
          return Long.parseLong(lines.get(i).substring(5).trim());
        }
      }
    }
    return 0;
  }

  String text() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no flush, nothing. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "killed");
  }

  /** Sends {@code signal} ("TERM", "INT") as a terminal or a supervisor would. */
  void signal(String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
    assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal);
  }

  /** Waits for the JVM to exit; returns its exit code. */
  int exit(Duration timeout) throws InterruptedException {
    assertTrue(
        process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS),
        "the child did not exit within " + timeout + "; output:\n" + text());
    // The output reader may still be draining the last lines.
    Thread.sleep(50);
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}

package dev.fitkit.contrib.tensorboard;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * One TensorBoard event file, {@code events.out.tfevents.<seconds>.<host>.<pid>.<n>.v2}: a new one
 * per run, as TensorBoard expects (it reads every file of a folder in name order). Each record is
 * flushed as it is written, so a killed JVM loses none.
 */
public final class EventFile implements Closeable {
  private final Path path;
  private final OutputStream out;

  private EventFile(Path path, OutputStream out) {
    this.path = path;
    this.out = out;
  }

  /** Creates a new event file in {@code directory} (made if missing) and writes its version. */
  public static EventFile create(Path directory) throws IOException {
    Files.createDirectories(directory);
    long now = System.currentTimeMillis();
    String stem =
        "events.out.tfevents." + now / 1000 + "." + host() + "." + ProcessHandle.current().pid();
    for (int n = 0; ; n++) {
      Path path = directory.resolve(stem + "." + n + ".v2");
      try {
        OutputStream out =
            new BufferedOutputStream(
                Files.newOutputStream(path, StandardOpenOption.CREATE_NEW), 1 << 16);
        EventFile file = new EventFile(path, out);
        file.write(SummaryEvents.fileVersion(now / 1000.0));
        return file;
      } catch (FileAlreadyExistsException e) {
        // Another run of this process in the same second: take the next number.
      }
    }
  }

  public Path path() {
    return path;
  }

  public void scalars(long step, Map<String, Float> values) throws IOException {
    if (!values.isEmpty()) {
      write(SummaryEvents.scalars(wallTime(), step, values));
    }
  }

  public void sessionStart(long step) throws IOException {
    write(SummaryEvents.sessionStart(wallTime(), step));
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  // Each record reaches the OS when written: a killed JVM loses none.
  private void write(byte[] event) throws IOException {
    TfRecords.write(out, event);
    out.flush();
  }

  private static double wallTime() {
    return System.currentTimeMillis() / 1000.0;
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}

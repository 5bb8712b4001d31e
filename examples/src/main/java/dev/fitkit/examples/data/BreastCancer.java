package dev.fitkit.examples.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Breast Cancer Wisconsin (Diagnostic) data set (UCI; 569 tumours, 30 features measured on cell
 * nuclei, label 0 = malignant, 1 = benign) in scikit-learn's CSV layout: a header {@code
 * rows,features,name of class 0,name of class 1}, then one line per row, features first and the
 * class index last.
 *
 * <p>The examples ship scikit-learn's {@code breast_cancer.csv} (BSD 3-Clause; see {@code
 * breast_cancer.NOTICE} beside it) on the class path at {@link #BUNDLED}; {@code
 * bin/update-breast-cancer} re-derives it from Debian's {@code python3-sklearn} package.
 */
public final class BreastCancer {

  /** The location of the bundled copy: {@code classpath:} and a resource name. */
  public static final String BUNDLED = "classpath:dev/fitkit/examples/data/breast_cancer.csv";

  private static final String CLASSPATH = "classpath:";

  private BreastCancer() {}

  /**
   * Reads the rows of a CSV file in scikit-learn's layout.
   *
   * @param location a file, or {@code classpath:} and a resource name such as {@link #BUNDLED}
   * @return the rows, in file order
   * @throws IOException if the file is missing or unreadable, or a line does not match the header;
   *     the message names the file and the line
   */
  public static LabelledRows read(Path location) throws IOException {
    String name = location.toString();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(open(name), StandardCharsets.UTF_8))) {
      return parse(reader, name);
    }
  }

  private static InputStream open(String location) throws IOException {
    if (location.startsWith(CLASSPATH)) {
      String resource = location.substring(CLASSPATH.length());
      InputStream in = BreastCancer.class.getClassLoader().getResourceAsStream(resource);
      if (in == null) {
        throw new NoSuchFileException(location, null, "no such resource on the class path");
      }
      return in;
    }
    Path file = Path.of(location);
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(
          location,
          null,
          "no such CSV file; leave --data out to use the bundled breast_cancer.csv");
    }
    return Files.newInputStream(file);
  }

  static LabelledRows parse(BufferedReader reader, String source) throws IOException {
    String[] header = fields(reader.readLine(), source, 1);
    if (header.length < 2) {
      throw problem(
          source, 1, "expected a header 'rows,features,...', found '%s'", String.join(",", header));
    }
    int rows = integer(header[0], source, 1);
    int columns = integer(header[1], source, 1);
    List<float[]> features = new ArrayList<>(rows);
    float[] labels = new float[rows];
    for (int row = 0; row < rows; row++) {
      int line = row + 2;
      String[] values = fields(reader.readLine(), source, line);
      if (values.length != columns + 1) {
        throw problem(
            source,
            line,
            "expected %d features and a label, found %d values",
            columns,
            values.length);
      }
      float[] x = new float[columns];
      for (int c = 0; c < columns; c++) {
        x[c] = number(values[c], source, line);
      }
      features.add(x);
      int label = integer(values[columns], source, line);
      if (label != 0 && label != 1) {
        throw problem(source, line, "label is %d; expected 0 or 1", label);
      }
      labels[row] = label;
    }
    String extra = reader.readLine();
    if (extra != null && !extra.isBlank()) {
      throw problem(source, rows + 2, "the header promises %d rows, but more follow", rows);
    }
    return new LabelledRows(features.toArray(float[][]::new), labels);
  }

  private static String[] fields(String line, String source, int number) throws IOException {
    if (line == null) {
      throw problem(source, number, "the file ends early: the header promises more rows");
    }
    return line.trim().split(",", -1);
  }

  private static int integer(String text, String source, int line) throws IOException {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw problem(source, line, "'%s' is not an integer", text);
    }
  }

  private static float number(String text, String source, int line) throws IOException {
    try {
      return Float.parseFloat(text.trim());
    } catch (NumberFormatException e) {
      throw problem(source, line, "'%s' is not a number", text);
    }
  }

  private static IOException problem(String source, int line, String format, Object... args) {
    return new IOException(source + ":" + line + ": " + String.format(Locale.ROOT, format, args));
  }
}

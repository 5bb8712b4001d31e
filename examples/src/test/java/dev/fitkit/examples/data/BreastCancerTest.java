package dev.fitkit.examples.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BreastCancer}: the bundled CSV, files given with --data, and broken files. */
class BreastCancerTest {

  @Test
  void theBundledCopyHoldsTheWisconsinData() throws IOException {
    LabelledRows rows = BreastCancer.read(Path.of(BreastCancer.BUNDLED));

    assertEquals(569, rows.size());
    assertEquals(30, rows.featureCount());
    int benign = 0;
    for (float label : rows.labels()) {
      benign += (int) label;
    }
    assertEquals(
        357, benign, "212 malignant (0), 357 benign (1), as the data set's description says");
    assertEquals(17.99f, rows.features()[0][0], "first row, mean radius");
    assertEquals(0.1189f, rows.features()[0][29], "first row, worst fractal dimension");
  }

  @Test
  void readsAFileInTheSameLayout(@TempDir Path dir) throws IOException {
    Path csv = Files.writeString(dir.resolve("small.csv"), "2,3,no,yes\n1,2,3,0\n4.5,5,6,1\n");

    LabelledRows rows = BreastCancer.read(csv);

    assertEquals(2, rows.size());
    assertEquals(4.5f, rows.features()[1][0]);
    assertEquals(1f, rows.labels()[1]);
  }

  @Test
  void aMissingFileSaysHowToUseTheBundledOne(@TempDir Path dir) {
    NoSuchFileException e =
        assertThrows(NoSuchFileException.class, () -> BreastCancer.read(dir.resolve("nope.csv")));
    assertTrue(e.getMessage().contains("leave --data out"), e.getMessage());
  }

  @Test
  void brokenFilesNameTheLineAndTheProblem() {
    assertProblem("2,2,a,b\n1,2,0\n", "x.csv:3: the file ends early");
    assertProblem("1,2,a,b\n1,2\n", "x.csv:2: expected 2 features and a label, found 2 values");
    assertProblem("1,2,a,b\n1,2,7\n", "x.csv:2: label is 7; expected 0 or 1");
    assertProblem("1,2,a,b\n1,oops,0\n", "x.csv:2: 'oops' is not a number");
    assertProblem(
        "1,2,a,b\n1,2,0\n3,4,1\n", "x.csv:3: the header promises 1 rows, but more follow");
    assertProblem("many,2,a,b\n", "x.csv:1: 'many' is not an integer");
  }

  private static void assertProblem(String csv, String expected) {
    IOException e =
        assertThrows(
            IOException.class,
            () -> BreastCancer.parse(new BufferedReader(new StringReader(csv)), "x.csv"));
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
  }
}

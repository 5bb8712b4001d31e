package dev.fitkit.examples.data;

/**
 * Scales each feature to mean 0 and standard deviation 1 with statistics measured once, on the
 * training rows: applying the same shift and scale to test rows keeps them out of training.
 */
public final class Standardizer {
  private final double[] means;
  private final double[] deviations;

  private Standardizer(double[] means, double[] deviations) {
    this.means = means;
    this.deviations = deviations;
  }

  /**
   * Measures each feature's mean and (population) standard deviation. A constant feature gets
   * deviation 1, so it maps to 0 instead of dividing by zero.
   *
   * @param rows the training rows
   * @return the standardizer
   * @throws IllegalArgumentException if there are no rows
   */
  public static Standardizer fit(float[][] rows) {
    if (rows.length == 0) {
      throw new IllegalArgumentException("no rows to measure");
    }
    int columns = rows[0].length;
    double[] means = new double[columns];
    double[] deviations = new double[columns];
    for (float[] row : rows) {
      for (int c = 0; c < columns; c++) {
        means[c] += row[c];
      }
    }
    for (int c = 0; c < columns; c++) {
      means[c] /= rows.length;
    }
    for (float[] row : rows) {
      for (int c = 0; c < columns; c++) {
        double d = row[c] - means[c];
        deviations[c] += d * d;
      }
    }
    for (int c = 0; c < columns; c++) {
      double deviation = Math.sqrt(deviations[c] / rows.length);
      deviations[c] = deviation > 0 ? deviation : 1;
    }
    return new Standardizer(means, deviations);
  }

  /**
   * Standardizes rows with the measured statistics.
   *
   * @param rows rows with the fitted number of features; left unchanged
   * @return new rows
   * @throws IllegalArgumentException if a row's length differs from the fitted one
   */
  public float[][] apply(float[][] rows) {
    float[][] out = new float[rows.length][];
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length != means.length) {
        throw new IllegalArgumentException(
            "row " + r + " has " + rows[r].length + " features, expected " + means.length);
      }
      out[r] = new float[means.length];
      for (int c = 0; c < means.length; c++) {
        out[r][c] = (float) ((rows[r][c] - means[c]) / deviations[c]);
      }
    }
    return out;
  }
}

package dev.fitkit.examples.data;

/**
 * The content of an IDX label file: one unsigned byte per record.
 *
 * <p>The array is shared, not copied; callers treat it as read-only.
 *
 * @param values the raw label bytes (read them with {@code & 0xFF})
 */
public record IdxLabels(byte[] values) {

  /**
   * Returns the number of labels.
   *
   * @return the number of labels
   */
  public int count() {
    return values.length;
  }

  /**
   * Returns one label as an unsigned value.
   *
   * @param index the record index
   * @return the label, 0..255
   */
  public int get(int index) {
    return values[index] & 0xFF;
  }
}

package dev.fitkit.examples.data;

/**
 * The content of an IDX image file: {@code count} images of {@code rows x cols} unsigned bytes,
 * stored row-major one image after the other.
 *
 * <p>The pixel array is shared, not copied: it holds tens of megabytes for real data sets, and
 * callers treat it as read-only.
 *
 * @param count number of images
 * @param rows height of every image
 * @param cols width of every image
 * @param pixels {@code count * rows * cols} raw pixel bytes (read them with {@code & 0xFF})
 */
public record IdxImages(int count, int rows, int cols, byte[] pixels) {

  /** Checks that the pixel array holds exactly {@code count * rows * cols} bytes. */
  public IdxImages {
    if (count < 0 || rows <= 0 || cols <= 0) {
      throw new IllegalArgumentException(
          "count must be >= 0 and rows, cols > 0, got " + count + ", " + rows + ", " + cols);
    }
    if (pixels.length != (long) count * rows * cols) {
      throw new IllegalArgumentException(
          "expected " + (long) count * rows * cols + " pixel bytes, got " + pixels.length);
    }
  }

  /**
   * Returns the number of pixels in one image.
   *
   * @return {@code rows * cols}
   */
  public int imageSize() {
    return rows * cols;
  }
}

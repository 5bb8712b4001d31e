package dev.fitkit.examples.data;

/**
 * Images and their labels, one label per image.
 *
 * @param images the images
 * @param labels the labels, as many as there are images
 */
public record LabelledImages(IdxImages images, IdxLabels labels) {

  /** Checks that there is one label per image. */
  public LabelledImages {
    if (images.count() != labels.count()) {
      throw new IllegalArgumentException(
          images.count() + " images but " + labels.count() + " labels");
    }
  }

  /**
   * Returns the number of records.
   *
   * @return the number of images (and labels)
   */
  public int size() {
    return images.count();
  }
}

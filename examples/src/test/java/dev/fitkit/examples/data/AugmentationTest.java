package dev.fitkit.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.RandomUtils;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link RandomHorizontalFlip} and {@link RandomCrop} on channel-first batches. */
class AugmentationTest {

  private static final int N = 64;
  private static final int C = 2;
  private static final int H = 5;
  private static final int W = 6;

  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
    RandomUtils.RANDOM.setSeed(3);
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  /** Distinct, non-zero pixel values, so each output pixel tells where it came from. */
  private NDArray batch() {
    float[] pixels = new float[N * C * H * W];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = i + 1;
    }
    return manager.create(pixels, new Shape(N, C, H, W));
  }

  private static float at(float[] pixels, int n, int c, int y, int x) {
    return pixels[((n * C + c) * H + y) * W + x];
  }

  @Test
  void flipsSomeImagesAndLeavesTheOthers() {
    NDArray in = batch();
    float[] before = in.toFloatArray();
    NDArray out = new RandomHorizontalFlip().transform(in);
    float[] after = out.toFloatArray();

    assertEquals(in.getShape(), out.getShape());
    int flipped = 0;
    for (int n = 0; n < N; n++) {
      boolean mirrored = at(after, n, 0, 0, 0) == at(before, n, 0, 0, W - 1);
      for (int c = 0; c < C; c++) {
        for (int y = 0; y < H; y++) {
          for (int x = 0; x < W; x++) {
            float expected = at(before, n, c, y, mirrored ? W - 1 - x : x);
            assertEquals(
                expected, at(after, n, c, y, x), "image " + n + " is flipped whole or not at all");
          }
        }
      }
      flipped += mirrored ? 1 : 0;
    }
    assertTrue(flipped > N / 4 && flipped < 3 * N / 4, "about half flipped, per image: " + flipped);
  }

  @Test
  void cropsShiftEachImageByAtMostThePadding() {
    NDArray in = batch();
    float[] before = in.toFloatArray();
    float[] after = new RandomCrop(2).transform(in).toFloatArray();

    int moved = 0;
    for (int n = 0; n < N; n++) {
      int[] shift = findShift(before, after, n, 2);
      assertTrue(
          shift != null,
          "image " + n + " is its original shifted by at most 2 pixels, zeros outside");
      moved += shift[0] != 0 || shift[1] != 0 ? 1 : 0;
    }
    assertTrue(moved > N / 2, "shifts are drawn per image: " + moved + " of " + N + " moved");
  }

  @Test
  void cropWithoutPaddingAndSingleImagesWork() {
    NDArray in = batch();
    assertArrayEquals(in.toFloatArray(), new RandomCrop(0).transform(in).toFloatArray());

    NDArray image = manager.arange(1f, 1f + C * H * W).reshape(C, H, W);
    assertEquals(image.getShape(), new RandomCrop(1).transform(image).getShape());
    assertEquals(image.getShape(), new RandomHorizontalFlip().transform(image).getShape());
  }

  @Test
  void rejectsOtherShapesAndNegativePadding() {
    NDArray flat = manager.ones(new Shape(4, 5));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new RandomCrop(1).transform(flat));
    assertTrue(e.getMessage().contains("(N, C, H, W)"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new RandomHorizontalFlip().transform(flat));
    assertThrows(IllegalArgumentException.class, () -> new RandomCrop(-1));
  }

  /** The (dy, dx) with out[y][x] = in[y + dy][x + dx] (0 outside) for every pixel, or null. */
  private static int[] findShift(float[] before, float[] after, int n, int padding) {
    for (int dy = -padding; dy <= padding; dy++) {
      for (int dx = -padding; dx <= padding; dx++) {
        if (matches(before, after, n, dy, dx)) {
          return new int[] {dy, dx};
        }
      }
    }
    return null;
  }

  private static boolean matches(float[] before, float[] after, int n, int dy, int dx) {
    for (int c = 0; c < C; c++) {
      for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
          int sy = y + dy;
          int sx = x + dx;
          boolean inside = sy >= 0 && sy < H && sx >= 0 && sx < W;
          float expected = inside ? at(before, n, c, sy, sx) : 0;
          if (at(after, n, c, y, x) != expected) {
            return false;
          }
        }
      }
    }
    return true;
  }

  @Test
  void theSameSeedGivesTheSameAugmentation() {
    NDArray in = batch();
    RandomUtils.RANDOM.setSeed(11);
    float[] first =
        new RandomCrop(2).transform(new RandomHorizontalFlip().transform(in)).toFloatArray();
    RandomUtils.RANDOM.setSeed(11);
    float[] second =
        new RandomCrop(2).transform(new RandomHorizontalFlip().transform(in)).toFloatArray();
    assertTrue(Arrays.equals(first, second));
  }
}

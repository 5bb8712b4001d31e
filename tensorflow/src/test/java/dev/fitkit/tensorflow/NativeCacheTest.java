package dev.fitkit.tensorflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The copy-once cache, on two small libraries of the test class path. */
class NativeCacheTest {
  @TempDir Path root;

  private NativeCache cache(String... libraries) {
    return new NativeCache(root, "fake-natives/", List.of(libraries), getClass().getClassLoader());
  }

  @Test
  void aFreshCacheCopiesEveryLibraryAndALaterCallReusesThem() throws Exception {
    NativeCache.Result first = cache("liba.so", "libb.so").ensure("1.0");
    assertTrue(first.extracted());
    assertEquals(root.resolve("1.0"), first.folder());
    assertEquals("first library", Files.readString(first.folder().resolve("liba.so")));
    assertEquals("second, longer library", Files.readString(first.folder().resolve("libb.so")));
    var modified = Files.getLastModifiedTime(first.folder().resolve("liba.so"));

    NativeCache.Result second = cache("liba.so", "libb.so").ensure("1.0");
    assertFalse(second.extracted(), "complete: nothing copied");
    assertEquals(modified, Files.getLastModifiedTime(second.folder().resolve("liba.so")));
    try (Stream<Path> left = Files.list(root)) {
      assertTrue(
          left.noneMatch(p -> p.getFileName().toString().contains("partial")),
          "no temporary folder left behind");
    }
  }

  @Test
  void aFolderALibraryOfWhichWasCutShortIsCopiedAgain() throws Exception {
    Path folder = cache("liba.so", "libb.so").ensure("1.0").folder();
    Files.writeString(folder.resolve("libb.so"), "cut");

    NativeCache.Result again = cache("liba.so", "libb.so").ensure("1.0");
    assertTrue(again.extracted());
    assertEquals("second, longer library", Files.readString(folder.resolve("libb.so")));
  }

  @Test
  void aFolderWithoutItsMarkerOrWithAnotherListIsCopiedAgain() throws Exception {
    Path folder = cache("liba.so").ensure("1.0").folder();
    assertTrue(cache("liba.so", "libb.so").ensure("1.0").extracted(), "a library more");
    Files.delete(folder.resolve("complete"));
    assertTrue(cache("liba.so", "libb.so").ensure("1.0").extracted(), "no marker");
    Files.writeString(folder.resolve("complete"), "liba.so\nlibb.so 22\n");
    assertTrue(cache("liba.so", "libb.so").ensure("1.0").extracted(), "a marker line without size");
  }

  @Test
  void aLibraryMissingFromTheClassPathIsNamed() {
    NoSuchFileException e =
        assertThrows(NoSuchFileException.class, () -> cache("liba.so", "libc.so").ensure("1.0"));
    assertEquals("fake-natives/libc.so: not on the class path", e.getMessage());
    assertFalse(Files.exists(root.resolve("1.0")), "nothing half copied");
  }
}

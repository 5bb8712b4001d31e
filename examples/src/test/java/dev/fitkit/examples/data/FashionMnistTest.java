package dev.fitkit.examples.data;

import static dev.fitkit.examples.data.IdxFixtures.pixelValue;
import static dev.fitkit.examples.data.IdxFixtures.writeSplit;
import static dev.fitkit.examples.data.IdxReaderTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.DataIterable;
import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.training.dataset.Sampler;
import ai.djl.training.dataset.SequenceSampler;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FashionMnist} on tiny IDX files written by the test. */
class FashionMnistTest {

  private static final int TRAIN = 10;
  private static final int TEST = 4;

  @TempDir Path dir;
  private NDManager manager;

  @BeforeEach
  void setUp() throws IOException {
    writeSplit(dir, "train", TRAIN);
    writeSplit(dir, "t10k", TEST);
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private FashionMnist.Builder builder(int batchSize) {
    return FashionMnist.builder().optDirectory(dir).setSampling(batchSize, false);
  }

  @Test
  void sizesOfBothSplits() {
    assertEquals(TRAIN, builder(2).build().size());
    assertEquals(TEST, builder(2).optUsage(Usage.TEST).build().size());
  }

  @Test
  void defaultsToTheDebianFolderAndTrain() {
    FashionMnist dataset = FashionMnist.builder().setSampling(1, false).build();

    assertEquals(Path.of("/usr/share/datasets/fashion-mnist"), dataset.getDirectory());
    assertEquals(Usage.TRAIN, dataset.getUsage());
  }

  @Test
  void recordIsChannelFirstUnitFloatImageAndScalarLabel() {
    Record record = builder(1).build().get(manager, 7);

    NDArray image = record.getData().singletonOrThrow();
    NDArray label = record.getLabels().singletonOrThrow();
    assertEquals(new Shape(1, 28, 28), image.getShape());
    assertEquals(DataType.FLOAT32, image.getDataType());
    assertEquals(pixelValue(7) / 255f, image.getFloat(0, 13, 5), 1e-6);
    assertEquals(new Shape(), label.getShape());
    assertEquals(DataType.FLOAT32, label.getDataType());
    assertEquals(7f, label.getFloat());
  }

  @Test
  void batchesHaveStackedShapesAndFileOrder() throws IOException, TranslateException {
    List<Seen> batches = batchesOf(builder(4).build());

    assertEquals(List.of(4, 4, 2), batches.stream().map(Seen::size).toList());
    assertEquals(new Shape(4, 1, 28, 28), batches.get(0).dataShape());
    assertEquals(new Shape(4), batches.get(0).labelShape());
    assertEquals(new Shape(2, 1, 28, 28), batches.get(2).dataShape());
    assertArrayEquals(new float[] {8, 9}, batches.get(2).labels());
    assertEquals(pixelValue(9) / 255f, batches.get(2).pixels()[2 * 28 * 28 - 1], 1e-6);
  }

  @Test
  void bulkBatchesEqualPerRecordStackedBatches() throws IOException, TranslateException {
    FashionMnist dataset = FashionMnist.builder().optDirectory(dir).setSampling(3, true).build();
    long[] indices = {6, 1, 9};

    try (NDManager sub = manager.newSubManager()) {
      Batch bulk = dataset.getByIndices(sub, indices);
      BatchSampler fixed = new BatchSampler(new FixedOrder(indices), 3);
      Batch stacked =
          new DataIterable(
                  dataset,
                  sub,
                  fixed,
                  Batchifier.STACK,
                  Batchifier.STACK,
                  null,
                  null,
                  null,
                  0,
                  null)
              .next();

      assertEquals(stacked.getData().head().getShape(), bulk.getData().head().getShape());
      assertTrue(stacked.getData().head().contentEquals(bulk.getData().head()));
      assertTrue(stacked.getLabels().head().contentEquals(bulk.getLabels().head()));
    }
  }

  @Test
  void shuffledBatchesHoldEveryRecordOnce() throws IOException, TranslateException {
    FashionMnist dataset = FashionMnist.builder().optDirectory(dir).setSampling(3, true).build();

    List<Float> labels = new ArrayList<>();
    for (Seen batch : batchesOf(dataset)) {
      for (float label : batch.labels()) {
        labels.add(label);
      }
    }
    assertEquals(TRAIN, labels.size());
    assertEquals(TRAIN, new HashSet<>(labels).size());
  }

  @Test
  void limitCutsTheDataset() throws IOException, TranslateException {
    FashionMnist dataset = builder(2).optLimit(5).build();

    assertEquals(5, dataset.size());
    assertEquals(List.of(2, 2, 1), batchesOf(dataset).stream().map(Seen::size).toList());
  }

  @Test
  void randomSplitGivesDisjointViewsThatReadTheirOwnRecords()
      throws IOException, TranslateException {
    RandomAccessDataset[] parts =
        FashionMnist.builder().optDirectory(dir).setSampling(2, true).build().randomSplit(7, 3);

    Set<Float> seen = new HashSet<>();
    // Training reads shuffled; validation reads in order, which asks the view for ranges: it
    // must map them through its own indices, or it would read the parent's records 7..9.
    List<Seen> batches = new ArrayList<>(batchesOf(parts[0]));
    batches.addAll(batchesOf(parts[1], new BatchSampler(new SequenceSampler(), 2)));
    for (Seen batch : batches) {
      float[] labels = batch.labels();
      float[] pixels = batch.pixels();
      for (int i = 0; i < labels.length; i++) {
        assertTrue(seen.add(labels[i]), "record " + labels[i] + " in two parts");
        assertEquals(pixelValue((int) labels[i]) / 255f, pixels[i * 28 * 28], 1e-6);
      }
    }
    assertEquals(7, parts[0].size());
    assertEquals(3, parts[1].size());
    assertEquals(TRAIN, seen.size());
  }

  @Test
  void subDatasetOfSubDatasetResolvesThroughBoth() throws IOException {
    RandomAccessDataset tail = builder(2).build().subDataset(4, 10).subDataset(2, 5);

    assertEquals(3, tail.size());
    assertEquals(6f, tail.get(manager, 0).getLabels().head().getFloat());
    assertEquals(8f, tail.get(manager, 2).getLabels().head().getFloat());
  }

  @Test
  void subDatasetByIndexList() throws IOException, TranslateException {
    RandomAccessDataset picked = builder(2).build().subDataset(List.of(5L, 2L, 9L));

    List<Seen> batches = batchesOf(picked);
    assertArrayEquals(new float[] {5, 2}, batches.get(0).labels());
    assertArrayEquals(new float[] {9}, batches.get(1).labels());
  }

  @Test
  void indexOutOfRangeIsRejected() {
    FashionMnist dataset = builder(2).optLimit(3).build();

    assertThrows(IndexOutOfBoundsException.class, () -> dataset.get(manager, 3));
    assertThrows(IndexOutOfBoundsException.class, () -> dataset.getByIndices(manager, 0, -1));
  }

  @Test
  void filesAreReadOnce() throws IOException, TranslateException {
    FashionMnist dataset = builder(2).build();
    dataset.prepare();
    Files.delete(dir.resolve("train-images-idx3-ubyte.gz"));

    dataset.prepare();
    assertEquals(TRAIN, dataset.size());
  }

  @Test
  void missingFolderFailsAtPrepareWithTheFix() {
    FashionMnist dataset = builder(2).optDirectory(dir.resolve("absent")).build();

    NoSuchFileException e = assertThrows(NoSuchFileException.class, dataset::prepare);
    assertMessage(e, "apt-get install dataset-fashion-mnist", "--data DIR");
    UncheckedIOException unchecked = assertThrows(UncheckedIOException.class, dataset::size);
    assertMessage(unchecked, "apt-get install dataset-fashion-mnist");
    assertThrows(NoSuchFileException.class, () -> dataset.getData(manager));
  }

  @Test
  void validationUsageIsRejectedByTheBuilder() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FashionMnist.builder().optUsage(Usage.VALIDATION));
    assertMessage(e, "randomSplit");
  }

  @Test
  void samplingIsRequired() {
    assertThrows(NullPointerException.class, () -> FashionMnist.builder().build());
  }

  @Test
  void viewsShareTheLoadedBytes() {
    FashionMnist dataset = builder(2).build();
    RandomAccessDataset view = dataset.subDataset(0, 5);

    assertTrue(view instanceof FashionMnist);
    assertSame(dataset.getDirectory(), ((FashionMnist) view).getDirectory());
    assertTrue(view.toString().contains("subset of 5"));
  }

  private List<Seen> batchesOf(RandomAccessDataset dataset) throws IOException, TranslateException {
    return copy(dataset.getData(manager));
  }

  private List<Seen> batchesOf(RandomAccessDataset dataset, Sampler sampler)
      throws IOException, TranslateException {
    return copy(dataset.getData(manager, sampler));
  }

  /** Copies every batch out, since the iterable closes its arrays when it ends. */
  private static List<Seen> copy(Iterable<Batch> iterable) {
    List<Seen> batches = new ArrayList<>();
    for (Batch batch : iterable) {
      NDArray data = batch.getData().singletonOrThrow();
      NDArray labels = batch.getLabels().singletonOrThrow();
      batches.add(
          new Seen(
              batch.getSize(),
              data.getShape(),
              labels.getShape(),
              labels.toFloatArray(),
              data.toFloatArray()));
      batch.close();
    }
    return batches;
  }

  private record Seen(
      int size, Shape dataShape, Shape labelShape, float[] labels, float[] pixels) {}

  /** Yields the given indices in order, so both loading paths see the same records. */
  private record FixedOrder(long[] indices) implements Sampler.SubSampler {
    @Override
    public Iterator<Long> sample(RandomAccessDataset dataset) {
      return Arrays.stream(indices).boxed().iterator();
    }
  }
}

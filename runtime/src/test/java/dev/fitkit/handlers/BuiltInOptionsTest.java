package dev.fitkit.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.inject.Module;
import com.google.inject.name.Names;
import dev.fitkit.Budget;
import dev.fitkit.Estimator;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.FitResult;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.Estimators;
import dev.fitkit.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in handlers take their options from bindings and system properties, in real fits. */
class BuiltInOptionsTest {
  private NDManager manager;
  @TempDir Path dir;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private static Module constant(String name, Object value) {
    return binder -> binder.bindConstant().annotatedWith(Names.named(name)).to(value.toString());
  }

  @Test
  void theDefaultValidationAndHistoryReadTheirOptions() {
    try (Estimator estimator =
        Estimators.adam(0.01f)
            .modules(
                constant("fitkit.validation.epoch-period", 2),
                constant("fitkit.history.per-batch", true))
            .build()) {
      FitResult result =
          estimator.fit(Blobs.dataset(manager, 32, 16, 1), Blobs.dataset(manager, 16, 16, 2), 4);
      double[] validation = result.history().series("validation loss");
      assertTrue(Double.isNaN(validation[0]) && Double.isNaN(validation[2]), "odd epochs skip");
      assertFalse(Double.isNaN(validation[1]) || Double.isNaN(validation[3]));
      assertEquals(8, result.history().batches().size(), "batch records kept");
    }
  }

  @Test
  void theDefaultLoggingsSummaryIsAnOption() {
    for (boolean on : new boolean[] {true, false}) {
      try (LogCapture log = new LogCapture(LoggingHandler.class);
          Estimator estimator =
              Estimators.adam(0.01f).modules(constant("fitkit.logging.summary", on)).build()) {
        estimator.fit(Blobs.dataset(manager, 16, 16, 1), null, Budget.epochs(1));
        assertEquals(
            on,
            log.lines().stream().anyMatch(l -> l.startsWith("INFO Model summary:")),
            "summary " + on + ": " + log.lines());
      }
    }
  }

  @Test
  void theDefaultLoggingReadsASystemProperty() {
    String previous = System.setProperty("fitkit.logging.batch-interval", "1");
    try (LogCapture log = new LogCapture(LoggingHandler.class);
        Estimator estimator = Estimators.adam(0.01f).build()) {
      estimator.fit(Blobs.dataset(manager, 48, 16, 1), null, Budget.epochs(1));
      assertEquals(
          3,
          log.lines().stream().filter(l -> l.contains(" batch ")).count(),
          "a line per batch: " + log.lines());
    } finally {
      if (previous == null) {
        System.clearProperty("fitkit.logging.batch-interval");
      } else {
        System.setProperty("fitkit.logging.batch-interval", previous);
      }
    }
  }

  @Test
  void aCheckpointHandlerIsBuiltFromOptions() throws Exception {
    try (Estimator estimator =
        Estimators.resumableAdam(0.01f)
            .handlerTypes(CheckpointHandler.class)
            .modules(
                constant("fitkit.checkpoint.directory", dir.resolve("c")),
                constant("fitkit.checkpoint.prefix", "run"),
                constant("fitkit.checkpoint.batch-period", 2),
                constant("fitkit.checkpoint.epoch-period", 0),
                constant("fitkit.checkpoint.max-checkpoints", 0),
                constant("fitkit.checkpoint.exit-wait", "PT5S"))
            .build()) {
      estimator.fit(Blobs.dataset(manager, 64, 16, 1), null, Budget.epochs(1));
    }
    try (var files = Files.list(dir.resolve("c"))) {
      assertEquals(
          // every 2 batches, then the last one at train end, its epoch ended
          java.util.List.of(
              "run-epoch0batch2.ckpt", "run-epoch0batch4.ckpt", "run-epoch1batch4.ckpt"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void aCheckpointHandlerWithoutAFolderSaysWhichOptionSetsIt() {
    try (Estimator estimator =
        Estimators.adam(0.01f).handlerTypes(CheckpointHandler.class).build()) {
      String m =
          assertThrows(
                  FitConfigurationException.class,
                  () -> estimator.fit(Blobs.dataset(manager, 16, 16, 1), null, Budget.epochs(1)))
              .getMessage();
      assertEquals(
          "Could not create handler dev.fitkit.handlers.CheckpointHandler: Handler"
              + " fitkit.checkpoint needs the option fitkit.checkpoint.directory: bind it in a"
              + " module passed to Estimator.builder().modules(...), e.g."
              + " binder.bindConstant().annotatedWith(Names.named(\"fitkit.checkpoint.directory\")).to(\"checkpoints\")",
          m);
    }
  }
}

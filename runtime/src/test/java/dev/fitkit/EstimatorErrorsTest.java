package dev.fitkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.loss.Loss;
import com.google.inject.AbstractModule;
import dev.fitkit.testing.Blobs;
import dev.fitkit.testing.FailsToBuild;
import dev.fitkit.testing.NeedsSetting;
import dev.fitkit.testing.Nets;
import dev.fitkit.testing.NotAHandler;
import dev.fitkit.testing.ReadsMetric;
import dev.fitkit.testing.TwoOutputs;
import dev.fitkit.testing.Validates;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every error the runtime raises about its set-up, with the fix its message names. */
class EstimatorErrorsTest {
  private NDManager manager;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
    // DJL's first-step check sums the gradients; a softmax head's sum to 0 up to rounding, so
    // whether it trips depends on the initial weights: fix them, whatever ran before.
    Engine.getInstance().setRandomSeed(42);
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private static Estimator.Builder valid() {
    return Estimator.builder()
        .block(Nets.mlp())
        .loss(Loss.softmaxCrossEntropyLoss())
        .discoverHandlers(false);
  }

  private static String message(Class<? extends Throwable> type, Executable run) {
    return assertThrows(type, run).getMessage();
  }

  @Test
  void noNetwork() {
    String m =
        message(
            FitConfigurationException.class, () -> Estimator.builder().loss(Loss.l2Loss()).build());
    assertTrue(m.startsWith("Estimator needs a network: call .block(block)"), m);
  }

  @Test
  void modelAndBlockBoth() {
    try (Model model = Model.newInstance("m")) {
      model.setBlock(Nets.mlp());
      String m = message(FitConfigurationException.class, () -> valid().model(model).build());
      assertTrue(m.contains("both a model and a block"), m);
    }
  }

  @Test
  void modelWithoutBlock() {
    try (Model model = Model.newInstance("empty")) {
      String m =
          message(
              FitConfigurationException.class,
              () -> Estimator.builder().model(model).loss(Loss.l2Loss()).build());
      assertTrue(m.startsWith("The model empty has no block: call model.setBlock(block)"), m);
    }
  }

  @Test
  void noLoss() {
    String m =
        message(
            FitConfigurationException.class, () -> Estimator.builder().block(Nets.mlp()).build());
    assertTrue(m.startsWith("Estimator needs a loss: call .loss(...)"), m);
  }

  @Test
  void badBudgetsAndArguments() {
    assertEquals(
        "Budget.epochs needs a positive number of epochs, got 0",
        message(IllegalArgumentException.class, () -> Budget.epochs(0)));
    assertEquals(
        "Budget.batches needs a positive number of batches, got -1",
        message(IllegalArgumentException.class, () -> Budget.batches(-1)));
    try (Estimator estimator = valid().build()) {
      assertTrue(
          message(IllegalArgumentException.class, () -> estimator.fit(null, null, 1))
              .startsWith("fit needs training data"));
      assertTrue(
          message(
                  IllegalArgumentException.class,
                  () -> estimator.fit(Blobs.dataset(manager, 8, 4, 1), null, (Budget) null))
              .startsWith("fit needs a budget"));
      assertTrue(
          message(IllegalArgumentException.class, () -> estimator.evaluate(null))
              .startsWith("evaluate needs data"));
    }
  }

  @Test
  void batchesWithoutLabels() {
    Dataset unlabeled =
        new ArrayDataset.Builder()
            .setData(manager.randomNormal(new Shape(8, 2)))
            .setSampling(4, false)
            .build();
    try (Estimator estimator = valid().build()) {
      String m = message(FitConfigurationException.class, () -> estimator.fit(unlabeled, 1));
      assertTrue(
          m.startsWith(
              "The dataset's batches bring no labels, but the loss SoftmaxCrossEntropyLoss"),
          m);
    }
  }

  @Test
  void moreDataArraysThanTheNetworkTakes() {
    NDArray x = manager.randomNormal(new Shape(8, 2));
    Dataset twoInputs =
        new ArrayDataset.Builder()
            .setData(x, x.duplicate())
            .optLabels(manager.zeros(new Shape(8)))
            .setSampling(4, false)
            .build();
    try (Estimator estimator = valid().build()) {
      String m = message(FitConfigurationException.class, () -> estimator.fit(twoInputs, 1));
      assertTrue(
          m.startsWith(
              "The network failed on the first batch, which brings 2 data arrays"
                  + " [(4, 2), (4, 2)] and 1 label array [(4)]: "),
          m);
      assertTrue(m.contains("make the dataset yield the inputs the network's forward expects"), m);
    }
  }

  @Test
  void moreOutputsThanTheLossTakes() {
    try (Estimator estimator =
        Estimator.builder()
            .block(TwoOutputs.block())
            .loss(Loss.softmaxCrossEntropyLoss())
            .discoverHandlers(false)
            .build()) {
      String m =
          message(
              FitConfigurationException.class,
              () -> estimator.fit(Blobs.dataset(manager, 8, 4, 1), 1));
      assertTrue(
          m.startsWith("The loss SoftmaxCrossEntropyLoss failed on the network's 2 outputs"), m);
      assertTrue(m.contains("or a BatchProcessor that maps several outputs to their losses"), m);
    }
  }

  @Test
  void moreOutputsThanTheMetricTakes() {
    try (Estimator estimator =
        Estimator.builder()
            .block(TwoOutputs.block())
            .loss(TwoOutputs.firstHeadLoss())
            .metrics(new Accuracy())
            .discoverHandlers(false)
            .build()) {
      String m =
          message(
              FitConfigurationException.class,
              () -> estimator.fit(Blobs.dataset(manager, 8, 4, 1), 1));
      assertTrue(
          m.startsWith(
              "The metric Accuracy compares one output with one label array, but the network"
                  + " returns 2 outputs"),
          m);
    }
  }

  @Test
  void aNetworkFailingLaterNamesTheBatch() {
    // Fails on the short last batch (3 of 11 samples), after two good ones.
    ai.djl.nn.Block picky =
        new ai.djl.nn.SequentialBlock()
            .add(
                list -> {
                  if (list.head().getShape().get(0) == 3) {
                    throw new IllegalStateException("cannot take 3 samples");
                  }
                  return list;
                })
            .add(ai.djl.nn.core.Linear.builder().setUnits(3).build());
    try (Estimator estimator =
        Estimator.builder()
            .block(picky)
            .loss(Loss.softmaxCrossEntropyLoss())
            .discoverHandlers(false)
            .build()) {
      TrainingFailedException e =
          assertThrows(
              TrainingFailedException.class,
              () -> estimator.fit(Blobs.dataset(manager, 11, 4, 1), 1));
      assertEquals(
          "The network failed at epoch 0, batch 2, step 2: java.lang.IllegalStateException: cannot"
              + " take 3 samples",
          e.getMessage());
    }
  }

  @Test
  void explicitHandlerWithoutGeneratedBinding() {
    try (Estimator estimator = valid().handlers(new NotAHandler()).build()) {
      String m =
          message(
              FitConfigurationException.class,
              () -> estimator.fit(Blobs.dataset(manager, 8, 4, 1), 1));
      assertEquals(
          "Handler dev.fitkit.testing.NotAHandler has no generated binding: no"
              + " NotAHandler_HandlerBinding is registered in"
              + " META-INF/services/dev.fitkit.spi.HandlerBinding. Put dev.fitkit:fitkit-processor"
              + " on the compiler's annotation processor path (maven-compiler-plugin"
              + " <annotationProcessorPaths>), make sure the class has a method annotated"
              + " @OnEpochEnd, @OnBatchEnd, ..., and rebuild.",
          m);
    }
    try (Estimator estimator = valid().handlerTypes(NotAHandler.class).build()) {
      assertTrue(
          message(
                  FitConfigurationException.class,
                  () -> estimator.evaluate(Blobs.dataset(manager, 8, 4, 1)))
              .startsWith("Handler dev.fitkit.testing.NotAHandler has no generated binding"));
    }
  }

  @Test
  void handlerGuiceCannotBuild() {
    try (Estimator estimator = valid().handlerTypes(NeedsSetting.class).build()) {
      String m =
          message(
              FitConfigurationException.class,
              () -> estimator.fit(Blobs.dataset(manager, 8, 4, 1), 1));
      assertTrue(
          m.startsWith(
              "Guice could not create handler dev.fitkit.testing.NeedsSetting (from "
                  + Path.of("target", "test-classes").toAbsolutePath()
                  + "): "),
          m);
      assertTrue(
          m.contains("not.bound"), "Guice's own explanation names the missing binding: " + m);
      assertTrue(
          m.contains(
              "Bind what its @Inject constructor needs in a module passed to"
                  + " Estimator.builder().modules(...)"),
          m);
    }
  }

  @Test
  void handlerWhoseConstructorFails() {
    try (Estimator estimator = valid().handlerTypes(FailsToBuild.class).build()) {
      String m =
          message(
              FitConfigurationException.class,
              () -> estimator.fit(Blobs.dataset(manager, 8, 4, 1), 1));
      assertTrue(
          m.startsWith(
              "Guice could not create handler dev.fitkit.testing.FailsToBuild (from "
                  + Path.of("target", "test-classes").toAbsolutePath()
                  + "): "),
          m);
      assertTrue(m.contains("no GPU here"), m);
    }
  }

  @Test
  void inconsistentModules() {
    String m =
        message(
            FitConfigurationException.class,
            () ->
                valid()
                    .modules(
                        new AbstractModule() {
                          @Override
                          protected void configure() {
                            bind(String.class).toInstance("a");
                            bind(String.class).toInstance("b");
                          }
                        })
                    .build());
    assertTrue(
        m.startsWith(
            "The Guice modules given to the estimator (or contributed by handler packs) are"
                + " inconsistent: "),
        m);
  }

  @Test
  void unknownMetricNamesTheOnesThatExist() {
    try (Estimator estimator = valid().handlers(new ReadsMetric("validation accuracy")).build()) {
      HandlerFailedException e =
          assertThrows(
              HandlerFailedException.class,
              () -> estimator.fit(Blobs.dataset(manager, 8, 4, 1), 1));
      assertEquals("test.reads-metric", e.handlerId());
      String m = e.getCause().getMessage();
      assertTrue(
          m.startsWith(
              "No metric named 'validation accuracy' at EpochEnd(epoch 0, step 2); metrics now:"
                  + " [train loss]."),
          m);
    }
  }

  @Test
  void validationWithoutValidationData() {
    try (Estimator estimator = valid().handlers(new Validates()).build()) {
      String m =
          message(
              FitConfigurationException.class,
              () -> estimator.fit(Blobs.dataset(manager, 8, 4, 1), 1));
      assertTrue(
          m.startsWith("A handler asked for validation, but the fit has no validation data"), m);
    }
  }
}

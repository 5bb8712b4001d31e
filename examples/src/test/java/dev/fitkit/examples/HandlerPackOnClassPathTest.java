package dev.fitkit.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.loss.Loss;
import dev.fitkit.Estimator;
import dev.fitkit.contrib.ProgressBarHandler;
import dev.fitkit.event.EventKind;
import dev.fitkit.examples.nets.Mlp;
import org.junit.jupiter.api.Test;

/** The contributed handler pack runs in the examples only because its jar is a dependency. */
class HandlerPackOnClassPathTest {

  @Test
  void theProgressBarIsDiscoveredFromTheContribJar() {
    String location =
        ProgressBarHandler.class.getProtectionDomain().getCodeSource().getLocation().toString();
    try (Estimator estimator =
        Estimator.builder().block(Mlp.build()).loss(Loss.softmaxCrossEntropyLoss()).build()) {
      assertTrue(
          estimator.listenerOrder(EventKind.BATCH_END).contains("contrib.progress-bar#batchEnd"),
          "found through " + location);
    }
  }
}

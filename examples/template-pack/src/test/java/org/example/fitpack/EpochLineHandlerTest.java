package org.example.fitpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Module;
import com.google.inject.multibindings.OptionalBinder;
import dev.fitkit.FitConfigurationException;
import dev.fitkit.event.EventKind;
import dev.fitkit.testsupport.FitHarness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The handler in real fits, on fitkit-test-support's tiny network and data. */
class EpochLineHandlerTest {
  private final List<String> lines = new ArrayList<>();

  /** Sends the handler's lines to {@link #lines} instead of standard output. */
  private Module capture() {
    return binder ->
        OptionalBinder.newOptionalBinder(binder, LineSink.class)
            .setBinding()
            .toInstance(lines::add);
  }

  @Test
  void writesALinePerEpoch() {
    FitHarness.withHandlers(new EpochLineHandler("[test]", "train loss", 1, lines::add))
        .epochs(2)
        .fit();

    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("[test] epoch 1: train loss "), lines.get(0));
    assertTrue(lines.get(1).startsWith("[test] epoch 2: train loss "), lines.get(1));
  }

  @Test
  void isDiscoveredWithItsModuleFromTheRegistrations() {
    FitHarness discovering = FitHarness.create().discoverHandlers(true).modules(capture());

    assertTrue(
        discovering.listenerOrder(EventKind.EPOCH_END).contains(EpochLineHandler.ID + "#epochEnd"));
    discovering.epochs(1).fit();

    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("[template-pack] epoch 1: train loss "), lines.get(0));
  }

  @Test
  void optionsChooseTheMetricAndHowOften() {
    FitHarness.create()
        .discoverHandlers(true)
        .modules(capture())
        .option(EpochLineHandler.ID + ".metric", "validation accuracy")
        .option(EpochLineHandler.ID + ".every", 2)
        .epochs(4)
        .fit();

    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("[template-pack] epoch 2: validation accuracy "));
    assertTrue(lines.get(1).startsWith("[template-pack] epoch 4: validation accuracy "));
  }

  @Test
  void withDiscoveryOffItIsAskedForByTypeWithItsModule() {
    FitHarness.withHandlerTypes(EpochLineHandler.class)
        .modules(new TemplatePackModule(), capture())
        .epochs(1)
        .fit();

    assertEquals(1, lines.size(), lines.toString());
  }

  @Test
  void itsModuleDiscoveredAndPassedToo() {
    FitHarness.create()
        .discoverHandlers(true)
        .modules(new TemplatePackModule(), capture())
        .epochs(1)
        .fit();

    assertEquals(1, lines.size(), "installed once: " + lines);
  }

  @Test
  void aMisspelledOptionFailsTheFit() {
    FitConfigurationException e =
        assertThrows(
            FitConfigurationException.class,
            () ->
                FitHarness.create()
                    .discoverHandlers(true)
                    .modules(capture())
                    .option(EpochLineHandler.ID + ".evrey", 2)
                    .fit());

    assertTrue(e.getMessage().contains("every, metric, prefix"), e.getMessage());
  }

  @Test
  void refusesEveryBelowOne() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new EpochLineHandler("p", "train loss", 0, lines::add));
  }
}

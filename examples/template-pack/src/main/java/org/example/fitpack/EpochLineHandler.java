package org.example.fitpack;

import dev.fitkit.annotations.FitHandler;
import dev.fitkit.annotations.OnEpochEnd;
import dev.fitkit.event.EpochEnd;
import dev.fitkit.options.HandlerOptions;
import dev.fitkit.options.OptionSource;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Objects;

/**
 * Writes one line at the end of every epoch (or every {@code every}-th), e.g. {@code
 * [template-pack] epoch 2: train loss 0.2903}. Auto-loaded: it runs in every fit whose class path
 * holds this jar, unless the estimator turns discovery off.
 *
 * <p>Options, named {@code template.epoch-line.<option>}, bound as Guice constants in a module
 * passed to {@code Estimator.builder().modules(...)} or given as system properties ({@code
 * -Dtemplate.epoch-line.every=5}, which win over a binding):
 *
 * <ul>
 *   <li>{@code prefix}: the start of each line (default {@code [template-pack]});
 *   <li>{@code metric}: the metric written (default {@code train loss});
 *   <li>{@code every}: write every N epochs (default 1).
 * </ul>
 */
@FitHandler(id = EpochLineHandler.ID)
public final class EpochLineHandler {
  /** The handler id: it names the handler in logs and stop reasons, and prefixes its options. */
  public static final String ID = "template.epoch-line";

  private final String prefix;
  private final String metric;
  private final int every;
  private final LineSink sink;

  /** How discovery and {@code .handlerTypes(...)} build it: options read, the sink injected. */
  @Inject
  EpochLineHandler(OptionSource source, LineSink sink) {
    this(source.read(ID, "prefix", "metric", "every"), sink);
  }

  private EpochLineHandler(HandlerOptions options, LineSink sink) {
    this(
        options.string("prefix", "[template-pack]"),
        options.string("metric", "train loss"),
        options.integer("every", 1),
        sink);
  }

  /** For users who build it themselves: {@code .handlers(new EpochLineHandler(...))}. */
  public EpochLineHandler(String prefix, String metric, int every, LineSink sink) {
    if (every < 1) {
      throw new IllegalArgumentException(ID + ".every must be 1 or more, got " + every);
    }
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.metric = Objects.requireNonNull(metric, "metric");
    this.every = every;
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  @OnEpochEnd
  void epochEnd(EpochEnd event) {
    int epoch = event.epoch() + 1;
    if (epoch % every == 0) {
      sink.line(
          String.format(
              Locale.ROOT, "%s epoch %d: %s %.4f", prefix, epoch, metric, event.metric(metric)));
    }
  }
}

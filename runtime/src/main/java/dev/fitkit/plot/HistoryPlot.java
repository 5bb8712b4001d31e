package dev.fitkit.plot;

import dev.fitkit.BatchRecord;
import dev.fitkit.EpochRecord;
import dev.fitkit.History;
import dev.fitkit.metric.MetricNames;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Loss and metric curves of a {@link History}, drawn with JFreeChart: Gluon's {@code
 * plot_loss_graph}. Two panels share the epoch axis: losses on top, the other metrics (accuracies,
 * ...) below, one line per metric, training in blue and validation in orange, with a legend. When
 * the history holds batches ({@code new HistoryHandler(true)}), each batch's own loss is drawn
 * faintly behind the loss curves, at its fraction of the epoch.
 *
 * <pre>{@code
 * HistoryPlot.of(result.history()).title("LeNet, Fashion-MNIST").size(1200, 800).write(Path.of("lenet.png"));
 * }</pre>
 *
 * Rendering needs no display: on a machine without {@code DISPLAY} the JDK runs headless by itself
 * (set {@code -Djava.awt.headless=true} where {@code DISPLAY} is set but unusable).
 */
public final class HistoryPlot {
  public static final int DEFAULT_WIDTH = 900;
  public static final int DEFAULT_HEIGHT = 600;

  /** Smaller than this, the title and legend leave no room for the curves. */
  public static final int MIN_SIZE = 100;

  private static final Color TRAIN = Charts.TRAIN;
  private static final Color VALIDATION = new Color(0xff7f0e);
  private static final Color[] OTHERS = {
    new Color(0x2ca02c),
    new Color(0xd62728),
    new Color(0x9467bd),
    new Color(0x8c564b),
    new Color(0xe377c2)
  };
  private static final Color BATCH_LOSS = new Color(0xa6c8e4);
  private static final float[][] DASHES = {null, {6f, 4f}, {2f, 3f}, {8f, 3f, 2f, 3f}};
  private static final int MAX_EPOCHS_WITH_MARKERS = 40;

  private final History history;
  private String title = "Training history";
  private int width = DEFAULT_WIDTH;
  private int height = DEFAULT_HEIGHT;

  private HistoryPlot(History history) {
    this.history = history;
  }

  public static HistoryPlot of(History history) {
    if (history == null) {
      throw new IllegalArgumentException("HistoryPlot needs a history, e.g. fitResult.history()");
    }
    return new HistoryPlot(history);
  }

  /** The title above the panels; "Training history" by default. */
  public HistoryPlot title(String title) {
    this.title = title == null ? "" : title;
    return this;
  }

  /** The image size in pixels; {@value #DEFAULT_WIDTH} x {@value #DEFAULT_HEIGHT} by default. */
  public HistoryPlot size(int width, int height) {
    Charts.checkSize(width, height);
    this.width = width;
    this.height = height;
    return this;
  }

  /** Writes the PNG, creating missing parent folders, and returns {@code png}. */
  public Path write(Path png) {
    return Charts.write(render(), png);
  }

  /** The plot as an image. */
  public BufferedImage render() {
    return Charts.render(chart(), width, height);
  }

  /** The JFreeChart chart, for callers who want to restyle it or render it elsewhere. */
  public JFreeChart chart() {
    if (history.epochs().isEmpty() && history.batches().isEmpty()) {
      throw new IllegalStateException(
          "Nothing to plot: the history holds no epoch and no batch yet. Plot the history fit"
              + " returns, or from a handler once an epoch has ended.");
    }
    NumberAxis epochAxis = new NumberAxis("epoch");
    epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    epochAxis.setRange(domain());
    Charts.style(epochAxis);
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochAxis);
    plot.setGap(14);

    List<String> names = metricNames();
    List<String> losses = names.stream().filter(HistoryPlot::isLoss).toList();
    List<String> others = names.stream().filter(n -> !isLoss(n)).toList();
    plot.add(panel("loss", losses, !history.batches().isEmpty()), 1);
    if (!others.isEmpty()) {
      plot.add(panel(valueLabel(others), others, false), 1);
    }

    return Charts.chart(title, plot);
  }

  private XYPlot panel(String label, List<String> metrics, boolean withBatchLoss) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    boolean markers = history.epochs().size() <= MAX_EPOCHS_WITH_MARKERS;
    int series = 0;
    if (withBatchLoss) {
      data.addSeries(batchLoss());
      renderer.setSeriesPaint(series, BATCH_LOSS);
      renderer.setSeriesStroke(
          series, new BasicStroke(1.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      renderer.setSeriesShapesVisible(series, false);
      series++;
    }
    Map<Phase, Integer> perPhase = new TreeMap<>();
    int other = 0;
    for (String metric : metrics) {
      data.addSeries(epochSeries(metric));
      Phase phase = Phase.of(metric);
      int index = perPhase.merge(phase, 1, Integer::sum) - 1;
      Color color =
          switch (phase) {
            case TRAIN -> TRAIN;
            case VALIDATION -> VALIDATION;
            case OTHER -> OTHERS[other++ % OTHERS.length];
          };
      renderer.setSeriesPaint(series, color);
      renderer.setSeriesStroke(series, stroke(phase == Phase.OTHER ? 0 : index));
      renderer.setSeriesShape(series, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
      renderer.setSeriesShapesVisible(series, markers);
      series++;
    }
    NumberAxis valueAxis = new NumberAxis(label);
    valueAxis.setAutoRangeIncludesZero(false);
    valueAxis.setAutoRangeMinimumSize(1e-3);
    Charts.style(valueAxis);
    XYPlot panel = new XYPlot(data, null, valueAxis, renderer);
    panel.setSeriesRenderingOrder(
        SeriesRenderingOrder.FORWARD); // per-batch loss behind the epoch curves
    Charts.style(panel);
    return panel;
  }

  /** The epoch axis: from 0 when batches show the first epoch's progress, else from epoch 1. */
  private org.jfree.data.Range domain() {
    double last = 1;
    for (EpochRecord epoch : history.epochs()) {
      last = Math.max(last, epoch.epoch() + 1);
    }
    for (BatchRecord batch : history.batches()) {
      last = Math.max(last, batch.epoch() + 1);
    }
    double first = history.batches().isEmpty() ? 1 : 0;
    if (last - first < 1) {
      first = last - 1;
    }
    double margin = (last - first) * 0.02;
    return new org.jfree.data.Range(first - margin, last + margin);
  }

  private XYSeries epochSeries(String metric) {
    XYSeries series = new XYSeries(metric, false);
    for (EpochRecord epoch : history.epochs()) {
      double value = epoch.metric(metric);
      if (Double.isFinite(value)) { // epochs without validation leave a gap, not a zero
        series.add(epoch.epoch() + 1, value);
      }
    }
    return series;
  }

  /** Each batch's own loss, at epoch + (batch + 1) / batches in that epoch. */
  private XYSeries batchLoss() {
    Map<Integer, Long> perEpoch =
        history.batches().stream()
            .collect(Collectors.groupingBy(BatchRecord::epoch, Collectors.counting()));
    XYSeries series =
        new XYSeries(MetricNames.TRAIN_PREFIX + MetricNames.LOSS + ", per batch", false);
    for (BatchRecord batch : history.batches()) {
      if (Double.isFinite(batch.loss())) {
        series.add(
            batch.epoch() + (batch.batch() + 1) / (double) perEpoch.get(batch.epoch()),
            batch.loss());
      }
    }
    return series;
  }

  /** Every metric any epoch recorded: by name without the phase, then train, validation, others. */
  private List<String> metricNames() {
    TreeSet<String> names =
        new TreeSet<>(
            Comparator.comparing(HistoryPlot::baseName)
                .thenComparing(Phase::of)
                .thenComparing(n -> n));
    for (EpochRecord epoch : history.epochs()) {
      names.addAll(epoch.metrics().keySet());
    }
    return new ArrayList<>(names);
  }

  private static boolean isLoss(String metric) {
    return metric.toLowerCase(Locale.ROOT).contains(MetricNames.LOSS);
  }

  /** The metrics' common name ("accuracy" for train and validation accuracy), else "value". */
  private static String valueLabel(List<String> metrics) {
    List<String> bases = metrics.stream().map(HistoryPlot::baseName).distinct().toList();
    return bases.size() == 1 ? bases.get(0) : "value";
  }

  private static String baseName(String metric) {
    return switch (Phase.of(metric)) {
      case TRAIN -> metric.substring(MetricNames.TRAIN_PREFIX.length());
      case VALIDATION -> metric.substring(MetricNames.VALIDATION_PREFIX.length());
      case OTHER -> metric;
    };
  }

  private static Stroke stroke(int index) {
    float[] dash = DASHES[index % DASHES.length];
    return dash == null
        ? new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
        : new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f);
  }

  private enum Phase {
    TRAIN,
    VALIDATION,
    OTHER;

    static Phase of(String metric) {
      if (metric.startsWith(MetricNames.TRAIN_PREFIX)) {
        return TRAIN;
      }
      return metric.startsWith(MetricNames.VALIDATION_PREFIX) ? VALIDATION : OTHER;
    }
  }
}

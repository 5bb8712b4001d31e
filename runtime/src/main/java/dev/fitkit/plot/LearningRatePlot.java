package dev.fitkit.plot;

import dev.fitkit.tuning.LearningRateFinder;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A learning-rate range test's curve, drawn as {@link HistoryPlot} draws a history: the smoothed
 * loss against the learning rate on a log scale, and the suggested rate marked by a dot on the
 * curve and a dashed vertical line, named in the legend. The loss axis ends a little above where
 * the curve starts, so the blow-up that ends a diverging test runs off the top rather than
 * flattening the rest.
 *
 * <pre>{@code
 * LearningRatePlot.of(found).title("LeNet, Fashion-MNIST").size(1200, 800).write(Path.of("lr.png"));
 * }</pre>
 *
 * Rendering needs no display, as for {@link HistoryPlot}.
 */
public final class LearningRatePlot {
  private static final Color SUGGESTION = new Color(0xd62728);

  private final LearningRateFinder.Result result;
  private String title = "Learning-rate range test";
  private int width = HistoryPlot.DEFAULT_WIDTH;
  private int height = HistoryPlot.DEFAULT_HEIGHT;

  private LearningRatePlot(LearningRateFinder.Result result) {
    this.result = result;
  }

  public static LearningRatePlot of(LearningRateFinder.Result result) {
    if (result == null) {
      throw new IllegalArgumentException(
          "LearningRatePlot needs a range test's result: LearningRateFinder...run(estimator,"
              + " train)");
    }
    return new LearningRatePlot(result);
  }

  /** The title above the curve; "Learning-rate range test" by default. */
  public LearningRatePlot title(String title) {
    this.title = title == null ? "" : title;
    return this;
  }

  /** The image size in pixels; 900 x 600 by default, as {@link HistoryPlot}'s. */
  public LearningRatePlot size(int width, int height) {
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
    List<Double> rates = result.learningRates();
    List<Double> losses = result.losses();
    if (losses.isEmpty()) {
      throw new IllegalStateException(
          "Nothing to plot: the range test recorded no loss"
              + result.earlyStop().map(reason -> " (it stopped at once: " + reason + ")").orElse("")
              + ". Start from a lower rate.");
    }
    XYSeriesCollection data = new XYSeriesCollection();
    XYSeries curve = new XYSeries("smoothed loss", false);
    for (int i = 0; i < losses.size(); i++) {
      curve.add(rates.get(i), losses.get(i));
    }
    data.addSeries(curve);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    renderer.setSeriesPaint(0, Charts.TRAIN);
    renderer.setSeriesStroke(
        0, new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));

    LogAxis rateAxis = new LogAxis("learning rate (log scale)");
    rateAxis.setBase(10);
    rateAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits()); // whole powers of ten
    rateAxis.setMinorTickMarksVisible(true);
    Charts.style(rateAxis);
    NumberAxis lossAxis = new NumberAxis("loss, smoothed");
    lossAxis.setRange(lossRange(losses));
    Charts.style(lossAxis);
    XYPlot plot = new XYPlot(data, rateAxis, lossAxis, renderer);
    Charts.style(plot);
    if (result.hasSuggestion()) {
      markSuggestion(plot, data, renderer);
    }
    return Charts.chart(title, plot);
  }

  /**
   * From just below the lowest loss to a little above the start of the curve (or twice the lowest,
   * when that is higher): the blow-up at the end of a test that diverged would flatten the rest of
   * the curve, and is cut off at the top instead.
   */
  private static Range lossRange(List<Double> losses) {
    double lowest = Collections.min(losses);
    double top = Math.min(Collections.max(losses), Math.max(losses.get(0), 2 * lowest));
    double margin = Math.max((top - lowest) * 0.05, Math.max(Math.abs(lowest) * 1e-3, 1e-6));
    return new Range(lowest - margin, top + 2 * margin);
  }

  /** A dot on the curve, in the legend with its rate, over a dashed line across the panel. */
  private void markSuggestion(
      XYPlot plot, XYSeriesCollection data, XYLineAndShapeRenderer renderer) {
    int at = result.suggestionIndex();
    double rate = result.learningRates().get(at);
    String label = "suggested " + LearningRateFinder.format(rate);
    XYSeries point = new XYSeries(label, false);
    point.add(rate, result.losses().get(at));
    data.addSeries(point);
    renderer.setSeriesPaint(1, SUGGESTION);
    renderer.setSeriesLinesVisible(1, false);
    renderer.setSeriesShapesVisible(1, true);
    renderer.setSeriesShape(1, new Ellipse2D.Double(-5, -5, 10, 10));
    ValueMarker line = new ValueMarker(rate);
    line.setPaint(SUGGESTION);
    line.setStroke(
        new BasicStroke(
            1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f));
    line.setLabel(label);
    line.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    line.setLabelPaint(SUGGESTION);
    line.setLabelBackgroundColor(Color.WHITE);
    line.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    line.setLabelTextAnchor(TextAnchor.TOP_LEFT);
    plot.addDomainMarker(line, Layer.BACKGROUND);
  }
}

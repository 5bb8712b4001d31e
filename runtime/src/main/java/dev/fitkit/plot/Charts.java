package dev.fitkit.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

/** What fitkit's plots share: their look, their size check, and turning a chart into a PNG. */
final class Charts {
  static final Color TRAIN = new Color(0x1f77b4);
  static final Color GRID = new Color(0xe0e0e0);

  private Charts() {}

  /** Fails unless the image has room for a title, a legend and the curves. */
  static void checkSize(int width, int height) {
    if (width < HistoryPlot.MIN_SIZE || height < HistoryPlot.MIN_SIZE) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "A plot needs at least %d x %d pixels, got %d x %d",
              HistoryPlot.MIN_SIZE,
              HistoryPlot.MIN_SIZE,
              width,
              height));
    }
  }

  static void style(Axis axis) {
    axis.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    axis.setTickLabelPaint(Color.DARK_GRAY);
    axis.setAxisLinePaint(Color.GRAY);
  }

  /** White background, grey outline, light grid. */
  static void style(XYPlot panel) {
    panel.setBackgroundPaint(Color.WHITE);
    panel.setOutlinePaint(Color.GRAY);
    panel.setDomainGridlinePaint(GRID);
    panel.setRangeGridlinePaint(GRID);
    panel.setDomainGridlineStroke(new BasicStroke(1f));
    panel.setRangeGridlineStroke(new BasicStroke(1f));
    panel.setAxisOffset(RectangleInsets.ZERO_INSETS);
  }

  /** A chart of {@code plot}: bold title on top, legend below, on white. */
  static JFreeChart chart(String title, Plot plot) {
    JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 18), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    chart.setPadding(new RectangleInsets(8, 8, 8, 16));
    TextTitle top = chart.getTitle();
    top.setPadding(new RectangleInsets(4, 0, 8, 0));
    LegendTitle legend = chart.getLegend();
    legend.setPosition(RectangleEdge.BOTTOM);
    legend.setFrame(BlockBorder.NONE);
    legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    legend.setItemLabelPadding(new RectangleInsets(2, 3, 2, 14));
    legend.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  static BufferedImage render(JFreeChart chart, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
    } finally {
      g.dispose();
    }
    return image;
  }

  /** Writes {@code image} as a PNG, creating missing parent folders, and returns {@code png}. */
  static Path write(BufferedImage image, Path png) {
    try {
      Path parent = png.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (OutputStream out = Files.newOutputStream(png)) {
        ImageIO.write(image, "png", out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the plot to " + png + ": " + e, e);
    }
    return png;
  }
}

package dev.jgrad.samples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The samples' PNG charts, drawn headless with XChart.
 *
 * <pre>{@code
 * double[] losses = {0.9, 0.5, 0.3, 0.2};
 * double[] accuracy = {0.6, 0.8, 0.9, 0.95};
 * Path png = Plots.lossAndAccuracy(Path.of("out", "training.png"), "loss and accuracy per epoch", "epoch",
 *         Map.of("training loss", losses), Map.of("training accuracy", accuracy));
 * }</pre>
 */
public final class Plots {
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {
    }

    /**
     * Loss curves on the left axis and accuracy curves (if any) on the right axis of one chart, over epochs or
     * iterations as {@code xLabel} says: the standard training report.
     */
    public static Path lossAndAccuracy(Path file, String title, String xLabel, Map<String, double[]> loss,
                                       Map<String, double[]> accuracy) {
        XYChart chart = new XYChartBuilder().width(900).height(520).title(title).xAxisTitle(xLabel).build();
        style(chart);
        chart.setYAxisGroupTitle(0, "loss");
        if (!accuracy.isEmpty()) {
            chart.setYAxisGroupTitle(1, "accuracy");
            chart.getStyler().setYAxisGroupPosition(1, org.knowm.xchart.style.Styler.YAxisPosition.Right);
        }
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        int c = 0;
        for (int group = 0; group < 2; group++) {
            for (Map.Entry<String, double[]> s : (group == 0 ? loss : accuracy).entrySet()) {
                double[] y = s.getValue();
                double[] x = new double[y.length];
                for (int i = 0; i < y.length; i++) {
                    x[i] = i + 1;
                }
                XYSeries line = chart.addSeries(s.getKey(), x, y);
                line.setYAxisGroup(group);
                line.setMarker(y.length > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
                line.setLineColor(PALETTE[c % PALETTE.length]);
                line.setMarkerColor(PALETTE[c++ % PALETTE.length]);
            }
        }
        return write(chart, file);
    }

    /**
     * Class regions of a 2-D classifier on a grid, with the points on top. {@code classify} maps grid points
     * {@code [g, 2]} (as a flat x,y array) to one class per point.
     */
    public static Path regions(Path file, String title, double[] points, int[] labels,
                               java.util.function.Function<double[], int[]> classify) {
        double min = -1.1, max = 1.1;
        int steps = 120;
        double[] grid = new double[steps * steps * 2];
        for (int i = 0; i < steps; i++) {
            for (int j = 0; j < steps; j++) {
                grid[2 * (i * steps + j)] = min + (max - min) * j / (steps - 1);
                grid[2 * (i * steps + j) + 1] = min + (max - min) * i / (steps - 1);
            }
        }
        int[] region = classify.apply(grid);
        XYChart chart = new XYChartBuilder().width(700).height(700).title(title).xAxisTitle("x1").yAxisTitle("x2").build();
        style(chart);
        chart.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(5);
        Map<Integer, double[][]> background = split(grid, region);
        for (Map.Entry<Integer, double[][]> e : background.entrySet()) {
            XYSeries s = chart.addSeries("region " + e.getKey(), e.getValue()[0], e.getValue()[1]);
            Color c = PALETTE[e.getKey() % PALETTE.length];
            s.setMarkerColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 45));
            s.setMarker(SeriesMarkers.SQUARE);
            s.setShowInLegend(false);
        }
        for (Map.Entry<Integer, double[][]> e : split(points, labels).entrySet()) {
            XYSeries s = chart.addSeries("class " + e.getKey(), e.getValue()[0], e.getValue()[1]);
            s.setMarkerColor(PALETTE[e.getKey() % PALETTE.length]);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        return write(chart, file);
    }

    /** Data points, the true function and the model's fit of a 1-D regression. */
    public static Path fit(Path file, String title, double[] x, double[] y, double[] gridX, double[] truth, double[] fit) {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("x").yAxisTitle("y").build();
        style(chart);
        XYSeries data = chart.addSeries("data", x, y);
        data.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        data.setMarkerColor(new Color(0x7f7f7f));
        XYSeries t = chart.addSeries("truth", gridX, truth);
        t.setMarker(SeriesMarkers.NONE);
        t.setLineColor(PALETTE[2]);
        XYSeries f = chart.addSeries("fit", gridX, fit);
        f.setMarker(SeriesMarkers.NONE);
        f.setLineColor(PALETTE[3]);
        return write(chart, file);
    }

    /**
     * Distances to a target per step, one line per method, on logarithmic axes, so that a method of a handful of
     * steps and one of thousands share a chart: step k (from 1) is the distance after k steps. A distance of zero
     * has no place on a log axis and is left out.
     */
    public static Path distances(Path file, String title, Map<String, double[]> distances) {
        XYChart chart = new XYChartBuilder().width(900).height(520).title(title).xAxisTitle("step")
                .yAxisTitle("distance").build();
        style(chart);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSW);
        int c = 0;
        double least = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, double[]> s : distances.entrySet()) {
            double[] d = s.getValue();
            int n = 0;
            for (int k = 1; k < d.length; k++) {
                n += drawable(d[k]) ? 1 : 0;
                least = drawable(d[k]) ? Math.min(least, d[k]) : least;
            }
            double[] x = new double[n];
            double[] y = new double[n];
            for (int k = 1, i = 0; k < d.length; k++) {
                if (drawable(d[k])) {
                    x[i] = k;
                    y[i++] = d[k];
                }
            }
            XYSeries line = chart.addSeries(s.getKey(), x, y);
            line.setMarker(n > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
            line.setLineColor(PALETTE[c % PALETTE.length]);
            line.setMarkerColor(PALETTE[c++ % PALETTE.length]);
        }
        if (least < Double.POSITIVE_INFINITY) {
            // XChart's log axis stops at the decade above a small last point and would cut it off
            chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(least))));
        }
        return write(chart, file);
    }

    /**
     * Paths through a plane, one line per method from its first point, which is marked, to its last: points
     * {@code (path[0][k], path[1][k])} in order.
     */
    public static Path paths(Path file, String title, Map<String, double[][]> paths) {
        XYChart chart = new XYChartBuilder().width(900).height(620).title(title).xAxisTitle("x1")
                .yAxisTitle("x2").build();
        style(chart);
        int c = 0;
        for (Map.Entry<String, double[][]> s : paths.entrySet()) {
            double[][] p = s.getValue();
            XYSeries line = chart.addSeries(s.getKey(), p[0], p[1]);
            line.setMarker(p[0].length > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
            line.setLineColor(PALETTE[c % PALETTE.length]);
            line.setMarkerColor(PALETTE[c++ % PALETTE.length]);
        }
        return write(chart, file);
    }

    private static boolean drawable(double distance) {
        return distance > 0 && distance < Double.POSITIVE_INFINITY;
    }

    /**
     * A classifier's confusion matrix as a grid: a row per true class, a column per predicted class, each cell
     * holding its count and shaded by the fraction of its row (the class's samples) it holds, so that the diagonal
     * reads as each class's recall and a rare class's confusions show as clearly as a frequent one's; the shade
     * follows the square root of the fraction, so that a few confusions among many samples still show.
     *
     * @param counts {@code counts[actual][predicted]}, as {@code ConfusionMatrix.counts()} gives them
     * @param classNames the name of each class, in order
     */
    public static Path confusionMatrix(Path file, String title, long[][] counts, List<String> classNames) {
        int classes = counts.length;
        int cell = Math.max(36, 560 / classes);
        Font label = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        Font value = new Font(Font.SANS_SERIF, Font.PLAIN, Math.min(14, cell / 3));
        BufferedImage measure = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        int nameWidth = 0;
        FontMetrics labelMetrics = measure.createGraphics().getFontMetrics(label);
        for (String name : classNames) {
            nameWidth = Math.max(nameWidth, labelMetrics.stringWidth(name));
        }
        int left = 40 + nameWidth + 12, top = 60, grid = cell * classes;
        int width = Math.max(left + grid + 30, 400);
        int height = Math.max(top + grid + nameWidth + 50, 400);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, (width - g.getFontMetrics().stringWidth(title)) / 2, 30);
        Color full = PALETTE[0];
        for (int a = 0; a < classes; a++) {
            long row = 0;
            for (long c : counts[a]) {
                row += c;
            }
            for (int p = 0; p < classes; p++) {
                double shade = row == 0 ? 0 : Math.sqrt((double) counts[a][p] / row);
                g.setColor(blend(Color.WHITE, full, shade));
                g.fillRect(left + p * cell, top + a * cell, cell, cell);
                g.setColor(shade > 0.6 ? Color.WHITE : Color.BLACK);
                g.setFont(value);
                String text = Long.toString(counts[a][p]);
                FontMetrics m = g.getFontMetrics();
                g.drawString(text, left + p * cell + (cell - m.stringWidth(text)) / 2,
                        top + a * cell + (cell + m.getAscent() - m.getDescent()) / 2);
            }
        }
        g.setColor(new Color(0xbbbbbb));
        g.setStroke(new BasicStroke(1));
        for (int i = 0; i <= classes; i++) {
            g.drawLine(left, top + i * cell, left + grid, top + i * cell);
            g.drawLine(left + i * cell, top, left + i * cell, top + grid);
        }
        g.setColor(Color.BLACK);
        g.setFont(label);
        for (int c = 0; c < classes; c++) {
            String name = classNames.get(c);
            g.drawString(name, left - 8 - labelMetrics.stringWidth(name),
                    top + c * cell + (cell + labelMetrics.getAscent() - labelMetrics.getDescent()) / 2);
            AffineTransform before = g.getTransform();
            // turned a quarter clockwise, the text's ascent points right: centre it across the column
            g.translate(left + c * cell + (cell - labelMetrics.getAscent() + labelMetrics.getDescent()) / 2,
                    top + grid + 8);
            g.rotate(Math.PI / 2);
            g.drawString(name, 0, 0);
            g.setTransform(before);
        }
        g.drawString("predicted class", left + (grid - labelMetrics.stringWidth("predicted class")) / 2,
                top + grid + nameWidth + 35);
        AffineTransform before = g.getTransform();
        g.translate(22, top + (grid + labelMetrics.stringWidth("true class")) / 2);
        g.rotate(-Math.PI / 2);
        g.drawString("true class", 0, 0);
        g.setTransform(before);
        g.dispose();
        return write(file, f -> ImageIO.write(image, "png", f.toFile()));
    }

    /** The colour {@code share} of the way from {@code from} to {@code to}. */
    private static Color blend(Color from, Color to, double share) {
        return new Color((int) Math.round(from.getRed() + share * (to.getRed() - from.getRed())),
                (int) Math.round(from.getGreen() + share * (to.getGreen() - from.getGreen())),
                (int) Math.round(from.getBlue() + share * (to.getBlue() - from.getBlue())));
    }

    private static Map<Integer, double[][]> split(double[] points, int[] labels) {
        Map<Integer, int[]> counts = new java.util.TreeMap<>();
        for (int l : labels) {
            counts.computeIfAbsent(l, k -> new int[1])[0]++;
        }
        Map<Integer, double[][]> out = new LinkedHashMap<>();
        Map<Integer, int[]> fill = new java.util.HashMap<>();
        for (Map.Entry<Integer, int[]> e : counts.entrySet()) {
            out.put(e.getKey(), new double[2][e.getValue()[0]]);
            fill.put(e.getKey(), new int[1]);
        }
        for (int i = 0; i < labels.length; i++) {
            double[][] xy = out.get(labels[i]);
            int at = fill.get(labels[i])[0]++;
            xy[0][at] = points[2 * i];
            xy[1][at] = points[2 * i + 1];
        }
        return out;
    }

    private static void style(XYChart chart) {
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(0xdddddd));
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        chart.getStyler().setSeriesColors(PALETTE);
    }

    private static Path write(XYChart chart, Path file) {
        return write(file, f -> BitmapEncoder.saveBitmap(chart, f.toString(), BitmapEncoder.BitmapFormat.PNG));
    }

    /** Writes a PNG to a file. */
    private interface Encoder {
        void save(Path file) throws IOException;
    }

    /** Saves with {@code encoder} into {@code file}, its directory created first. */
    private static Path write(Path file, Encoder encoder) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            encoder.save(file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the chart " + file + ": " + reason(e), e);
        }
    }

    /** Why a write failed, in words: the exceptions of java.nio.file carry only the path as their message. */
    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "cannot create " + ((NoSuchFileException) e).getFile();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + ((AccessDeniedException) e).getFile();
        }
        if (e instanceof FileAlreadyExistsException) {
            return ((FileAlreadyExistsException) e).getFile() + " is a file, not a directory";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

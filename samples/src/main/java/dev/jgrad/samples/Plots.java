package dev.jgrad.samples;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The samples' PNG charts, drawn headless with XChart. */
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
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
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

package org.layeranchor.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.layeranchor.evaluation.ConfusionMatrix;

/**
 * A confusion matrix as a PNG heat map: rows = true class, columns = predicted class, each cell
 * coloured by the share of its true class (so every row reads as recall) and labelled with that
 * share. Works headless.
 */
public final class ConfusionMatrixHeatmap {
    private ConfusionMatrixHeatmap() {
    }

    /** Writes {@code file} (".png" is added if missing) and returns its path. */
    public static Path writePng(ConfusionMatrix m, String title, Path file) throws IOException {
        HeatMapChart chart = chart(m, title);
        String name = file.toString();
        String base = name.toLowerCase(Locale.ROOT).endsWith(".png") ? name.substring(0, name.length() - 4) : name;
        BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
        return Path.of(base + ".png");
    }

    /** The chart itself, for callers that place it elsewhere. */
    public static HeatMapChart chart(ConfusionMatrix m, String title) {
        List<String> classes = m.classes();
        int k = classes.size();
        int size = 160 + 90 * k;
        HeatMapChart chart = new HeatMapChartBuilder().width(size + 120).height(size).title(title)
                .xAxisTitle("predicted").yAxisTitle("true").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(1);
        chart.getStyler().setPlotContentSize(1.0);
        chart.getStyler().setChartTitleVisible(true);
        chart.getStyler().setHeatMapValueDecimalPattern("0.00");
        // White to mid blue: black cell labels stay readable at every value.
        chart.getStyler().setRangeColors(new Color[] {Color.WHITE, new Color(0x6baed6), new Color(0x2171b5)});
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < k; t++) {
            long support = 0;
            for (int p = 0; p < k; p++) {
                support += m.count(t, p);
            }
            for (int p = 0; p < k; p++) {
                double share = support == 0 ? 0 : m.count(t, p) / (double) support;
                // XChart puts y index 0 at the bottom; flip so the first class is the top row.
                cells.add(new Number[] {p, k - 1 - t, share});
            }
        }
        List<String> rowsTopDown = new ArrayList<>(classes);
        Collections.reverse(rowsTopDown);
        chart.addSeries("share of true class", classes, rowsTopDown, cells);
        return chart;
    }
}

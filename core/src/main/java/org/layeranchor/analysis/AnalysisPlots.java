package org.layeranchor.analysis;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The analysis charts (XChart, headless), each saved as PNG and SVG: per-layer curves of every
 * measure, an overview of the label-free distances, the layer × layer CKA heatmaps and the
 * per-emotion centroid cosine heatmap. Titles say which labels a chart reads; the ones that read
 * target labels say "analysis only".
 */
public final class AnalysisPlots {
    /** The x axis of every per-layer chart. */
    public static final String LAYER_AXIS = "Encoder layer (0 = conv+positions)";

    private static final int WIDTH = 960;
    private static final int HEIGHT = 600;
    // Light palettes, so the black cell values stay readable on every colour.
    private static final Color[] DIVERGING = {new Color(103, 169, 207), new Color(247, 247, 247), new Color(239, 138, 98)};
    private static final Color[] SEQUENTIAL = {new Color(255, 255, 255), new Color(253, 204, 138), new Color(227, 74, 51)};

    private AnalysisPlots() {
    }

    /** Writes every chart into {@code dir}; returns the files written. */
    public static List<Path> writeAll(AnalysisResult result, Path dir) throws IOException {
        List<Path> written = new ArrayList<>();
        for (LayerMeasure m : result.measures()) {
            XYChart chart = measureChart(result, m);
            if (chart != null) {
                written.addAll(save(chart, dir, "measure_" + m.name()));
            }
        }
        written.addAll(save(labelFreeOverview(result), dir, "label_free_overview"));
        written.addAll(save(ckaHeatmap(result.ckaSource(), "source " + shortName(result.source())), dir, "cka_source"));
        written.addAll(save(ckaHeatmap(result.ckaTarget(), "target " + shortName(result.target())), dir, "cka_target"));
        CentroidCosines c = result.analysisOnlyCentroidCosines();
        if (c != null) {
            written.addAll(save(centroidHeatmap(result, c.chosenLayer()), dir,
                    "analysis_only_centroid_cosine_layer" + c.chosenLayer()));
        }
        return written;
    }

    /** One measure against the layer index; null when the measure is NaN at every layer. */
    public static XYChart measureChart(AnalysisResult result, LayerMeasure m) {
        List<Integer> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int l = 0; l < m.layers(); l++) {
            if (Double.isFinite(m.values()[l])) {
                x.add(l);
                y.add(m.values()[l]);
            }
        }
        if (x.isEmpty()) {
            return null;
        }
        String direction = m.better() == LayerMeasure.Better.LOWER ? "lower = more similar" : "higher = better";
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(m.markedTitle() + ": " + pairLine(result))
                .xAxisTitle(LAYER_AXIS)
                .yAxisTitle(m.title() + " [" + m.units() + "]")
                .build();
        styleLayerAxis(chart, m.layers());
        chart.getStyler().setYAxisDecimalPattern(decimalPattern(y));
        chart.addSeries(m.title() + " per layer (" + direction + ")", x, y).setMarker(SeriesMarkers.CIRCLE);
        return chart;
    }

    /**
     * All label-free distances on one chart, each rescaled to [0, 1] over the layers (0 = its most
     * similar layer), with the consensus mean rank on the same footing.
     */
    public static XYChart labelFreeOverview(AnalysisResult result) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Label-free distances per layer, rescaled: " + pairLine(result))
                .xAxisTitle(LAYER_AXIS)
                .yAxisTitle("Min-max rescaled over layers (0 = most similar layer)")
                .build();
        styleLayerAxis(chart, result.layers());
        for (LayerMeasure m : result.labelFreeMeasures()) {
            addRescaled(chart, m.title(), m.values());
        }
        addRescaled(chart, "Consensus: mean rank over the label-free distances", result.consensus().scores());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        return chart;
    }

    /** Layer × layer linear CKA of one corpus. */
    public static HeatMapChart ckaHeatmap(double[][] cka, String corpus) {
        int n = cka.length;
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Linear CKA between layers within the " + corpus + " (no labels used)")
                .xAxisTitle(LAYER_AXIS).yAxisTitle(LAYER_AXIS).build();
        List<Integer> layers = new ArrayList<>();
        for (int l = 0; l < n; l++) {
            layers.add(l);
        }
        List<Number[]> cells = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                cells.add(new Number[] {a, b, cka[a][b]});
            }
        }
        chart.addSeries("Linear CKA (1 = same representation up to rotation and scale)", layers, layers, cells);
        styleHeatmap(chart, 0, 1, SEQUENTIAL, n <= 16);
        return chart;
    }

    /** Source emotion × target emotion centroid cosines at one layer (reads target labels). */
    public static HeatMapChart centroidHeatmap(AnalysisResult result, int layer) {
        CentroidCosines c = result.analysisOnlyCentroidCosines();
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Centroid cosine at layer " + layer + " (" + LabelUse.TARGET_LABELS.caption() + ")")
                .xAxisTitle("Source emotion, " + shortName(result.source()))
                .yAxisTitle("Target emotion, " + shortName(result.target())).build();
        List<String> classes = c.classes();
        List<Number[]> cells = new ArrayList<>();
        double[][] m = c.perLayer()[layer];
        for (int s = 0; s < classes.size(); s++) {
            for (int t = 0; t < classes.size(); t++) {
                if (!Double.isNaN(m[s][t])) { // a class absent on one side leaves its cells empty
                    cells.add(new Number[] {s, t, m[s][t]});
                }
            }
        }
        chart.addSeries("Cosine (language-centred centroids; diagonal = same emotion)", classes, classes, cells);
        styleHeatmap(chart, -1, 1, DIVERGING, true);
        return chart;
    }

    /** Relative spread over layers below which a measure is treated as constant in the overview. */
    static final double NEARLY_CONSTANT = 0.02;

    private static void addRescaled(XYChart chart, String name, double[] values) {
        double[] y = rescaled(values);
        String label = nearlyConstant(values)
                ? name + String.format(" - nearly constant over layers (%.4g to %.4g), drawn at 0.5", min(values), max(values))
                : name;
        List<Integer> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int l = 0; l < y.length; l++) {
            if (Double.isFinite(y[l])) {
                xs.add(l);
                ys.add(y[l]);
            }
        }
        if (!xs.isEmpty()) {
            chart.addSeries(label, xs, ys).setMarker(SeriesMarkers.CIRCLE);
        }
    }

    /**
     * Min-max rescaling over layers (NaN stays NaN). A measure that barely changes over the layers (the
     * proxy A-distance saturating at 2, say) would be stretched to fill [0, 1] or flattened at 0, which
     * reads as "most similar": it is drawn at 0.5 instead, and its label says why.
     */
    static double[] rescaled(double[] values) {
        double min = min(values);
        double max = max(values);
        boolean flat = nearlyConstant(values);
        double[] y = new double[values.length];
        for (int l = 0; l < values.length; l++) {
            y[l] = !Double.isFinite(values[l]) ? Double.NaN : flat ? 0.5 : (values[l] - min) / (max - min);
        }
        return y;
    }

    static boolean nearlyConstant(double[] values) {
        double min = min(values);
        double max = max(values);
        return !(max - min > NEARLY_CONSTANT * Math.max(Math.abs(max), Math.abs(min)));
    }

    private static double min(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).max().orElse(Double.NaN);
    }

    /** "emodb (de) -> emovo (it)", plus the frame pooling when it is not the usual all frames. */
    private static String pairLine(AnalysisResult result) {
        String pair = shortName(result.source()) + " -> " + shortName(result.target());
        return result.options().framePooling() == FramePooling.ALL_FRAMES ? pair
                : pair + ", " + result.options().framePooling().caption();
    }

    /** The corpus part of a set description ("emodb (de): 535 utterances, ..." gives "emodb (de)"). */
    private static String shortName(String description) {
        int colon = description.indexOf(": ");
        return colon < 0 ? description : description.substring(0, colon);
    }

    /** Plain decimals for ordinary magnitudes, scientific notation for very small or large ones. */
    private static String decimalPattern(List<Double> values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max != 0 && (max < 0.01 || max >= 1e5) ? "0.0##E0" : "0.###";
    }

    private static void styleLayerAxis(XYChart chart, int layers) {
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setXAxisMin(-0.25).setXAxisMax(layers - 0.75);
        chart.getStyler().setXAxisMaxLabelCount(Math.min(layers, 25));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
    }

    private static void styleHeatmap(HeatMapChart chart, double min, double max, Color[] colors, boolean showValues) {
        chart.getStyler().setMin(min).setMax(max);
        chart.getStyler().setRangeColors(colors);
        chart.getStyler().setShowValue(showValues);
        chart.getStyler().setHeatMapValueDecimalPattern("0.00");
        chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    }

    private static List<Path> save(Chart<?, ?> chart, Path dir, String baseName) throws IOException {
        Path png = dir.resolve(baseName + ".png");
        Path svg = dir.resolve(baseName + ".svg");
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        VectorGraphicsEncoder.saveVectorGraphic(chart, svg.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        return List.of(png, svg);
    }
}

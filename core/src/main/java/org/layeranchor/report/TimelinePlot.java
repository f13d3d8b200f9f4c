package org.layeranchor.report;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.layeranchor.serve.Prediction;

/**
 * A recording's emotion timeline as a picture ({@code predict --plot}): one coloured block per speech
 * segment, as wide as the segment and as tall as the probability of its emotion, and grey blocks
 * for silence. Emotions have the colours the served page gives them (by the model's class order).
 */
public final class TimelinePlot {
    /** The page's palette, in the same order (index.html), so a user sees the same colour for an emotion. */
    static final List<Color> PALETTE = List.of(new Color(0x2f6fde), new Color(0x1f9d62), new Color(0xe0a100),
            new Color(0xd93b3b), new Color(0x8e5bd8), new Color(0x16a2b8), new Color(0xe86a2c), new Color(0x6b7280));
    static final Color SILENCE = new Color(0xc9ced6);
    private static final int WIDTH = 1100;
    private static final int HEIGHT = 360;

    private TimelinePlot() {
    }

    public static XYChart chart(Prediction p, String title) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(String.format(Locale.ROOT, "%s: %s overall (%.1f s of speech in %.1f s)", title, p.emotion(),
                        p.speechSeconds(), p.durationSeconds()))
                .xAxisTitle("time [s]").yAxisTitle("probability of the segment's emotion").build();
        Styler.ChartTheme theme = Styler.ChartTheme.XChart;
        chart.getStyler().setTheme(theme.newInstance(theme));
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(p.durationSeconds());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        // One series per emotion (and one for silence), each a row of blocks that are 0 outside its segments:
        // one legend entry per emotion however many segments there are.
        List<String> classes = p.classes();
        for (int c = 0; c <= classes.size(); c++) {
            boolean silence = c == classes.size();
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            x.add(0.0);
            y.add(0.0);
            for (Prediction.Segment s : p.segments()) {
                boolean mine = silence ? !s.isSpeech() : s.isSpeech() && s.emotion().equals(classes.get(c));
                if (mine) {
                    double height = silence ? 1.0 : s.probabilities()[c];
                    x.addAll(List.of(s.startSeconds(), s.startSeconds(), s.endSeconds(), s.endSeconds()));
                    y.addAll(List.of(0.0, height, height, 0.0));
                }
            }
            x.add(p.durationSeconds());
            y.add(0.0);
            if (x.size() == 2) {
                continue; // an emotion that never appears gets no legend entry
            }
            Color colour = silence ? SILENCE : PALETTE.get(c % PALETTE.size());
            XYSeries series = chart.addSeries(silence ? Prediction.SILENCE : classes.get(c), x, y);
            series.setFillColor(silence ? new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 110) : colour);
            series.setLineColor(colour);
            series.setLineStyle(SeriesLines.SOLID);
            series.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /** Writes the chart of {@code p} as a PNG, creating the folder if needed. */
    public static void save(Prediction p, String title, Path png) throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        BitmapEncoder.saveBitmap(chart(p, title), png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}

package org.layeranchor.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's figures, each as PNG and SVG in one folder: {@code summary} (every strategy's mean UAR
 * over directions with its interval, {@link StrategyMeansFigure}) and {@code heatmap-SETTING} for every
 * setting the run has (direction × strategy, {@link UarHeatMap}, one colour scale for all).
 */
public final class ReportFigures {
    /** The folder beside report.html. */
    public static final String DIR = "figures";
    public static final String SUMMARY = "summary";

    private ReportFigures() {
    }

    /**
     * One written figure.
     *
     * @param name        file name without extension
     * @param setting     the setting a heat map shows; null for the summary
     * @param png         the PNG (drawn at {@link FigureFiles#PNG_SCALE} × its size)
     * @param description alt text
     * @param width       CSS width
     * @param height      CSS height
     */
    public record Written(String name, String setting, Path png, String description, int width, int height) {
        public Path svg() {
            return png.resolveSibling(name + ".svg");
        }
    }

    public static String heatMapName(String setting) {
        return "heatmap-" + setting;
    }

    /** Writes every figure into {@code dir}, summary first, then the heat maps in report order. */
    public static List<Written> write(List<UarTable> tables, Path dir) throws IOException {
        List<Written> written = new ArrayList<>();
        StrategyMeansFigure summary = new StrategyMeansFigure(tables);
        written.add(write(summary, dir, SUMMARY, null));
        double[] range = UarHeatMap.range(tables);
        for (UarTable t : tables) {
            UarHeatMap map = new UarHeatMap(t, heatMapTitle(t), range[0], range[1]);
            written.add(write(map, dir, heatMapName(t.setting()), t.setting()));
        }
        return written;
    }

    private static Written write(Figure f, Path dir, String name, String setting) throws IOException {
        Path png = FigureFiles.write(f, dir, name);
        return new Written(name, setting, png, f.description(), f.width(), f.height());
    }

    static String heatMapTitle(UarTable t) {
        String protocol = t.leaveOneOut() ? "leave one language out" : t.directions().size() + " language pairs";
        String setting = t.inductive() ? "inductive" : "transductive";
        boolean headline = !t.leaveOneOut() && t.inductive();
        return "UAR % per direction, " + protocol + ", " + setting + (headline ? " (headline)" : "");
    }
}

package org.layeranchor.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Direction × strategy heat map of one setting: each cell coloured by its UAR on a perceptually
 * uniform scale (viridis) and labelled with it; the best strategy of each row in bold and outlined; a
 * last row with the mean over directions. Every setting's map uses the same colour range, so colours
 * compare across maps. A run the collapse guard flagged carries a ⚠ after its number, explained
 * under the map.
 */
final class UarHeatMap implements Figure {
    private static final Color TEXT = new Color(0x1d2330);
    private static final Color MUTED = new Color(0x5d6679);
    private static final Color BEST = new Color(0xe4002b);
    /** Viridis at nine evenly spaced points. */
    private static final int[] VIRIDIS = {0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962,
        0xaddc30, 0xfde725};
    private static final int LABELS = 122;
    private static final int CELL_W = 62;
    private static final int CELL_H = 22;
    private static final int TITLE = 30;
    private static final int HEADER = 40;
    private static final int MEAN_GAP = 6;
    private static final int BAR_GAP = 14;
    private static final int BAR_W = 12;
    private static final int BAR_LABELS = 30;
    private static final int NOTE = 18;
    /** Two UARs closer than this are the same result (as in the wins table). */
    private static final double TIE = BenchmarkReport.TIE;

    private final UarTable table;
    private final String title;
    private final double lo;
    private final double hi;

    /** {@code lo}..{@code hi}: the UAR range the colour scale spans (shared by all maps of a report). */
    UarHeatMap(UarTable table, String title, double lo, double hi) {
        if (!(hi > lo)) {
            throw new IllegalArgumentException("empty colour range " + lo + ".." + hi);
        }
        this.table = table;
        this.title = title;
        this.lo = lo;
        this.hi = hi;
    }

    /** A colour range of whole tens of percent covering every cell of every table. */
    static double[] range(List<UarTable> tables) {
        double min = 1;
        double max = 0;
        for (UarTable t : tables) {
            for (double[] row : t.uar()) {
                for (double v : row) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        double lo = Math.floor(min * 10) / 10;
        double hi = Math.max(lo + 0.1, Math.ceil(max * 10) / 10);
        return new double[] {lo, hi};
    }

    @Override
    public int width() {
        return LABELS + CELL_W * table.strategies().size() + BAR_GAP + BAR_W + BAR_LABELS;
    }

    @Override
    public int height() {
        return TITLE + HEADER + CELL_H * (table.directions().size() + 1) + MEAN_GAP + 12
                + (table.anyCollapsed() ? NOTE : 0);
    }

    @Override
    public String description() {
        return "UAR per direction and strategy, " + title;
    }

    @Override
    public void draw(Graphics2D g) {
        g.setColor(TEXT);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, 10, 22);
        int top = TITLE + HEADER;
        header(g, top);
        List<String> rows = table.directions();
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int d = 0; d < rows.size(); d++) {
            row(g, rows.get(d), table.uar()[d], table.collapsed()[d], rowTop(d), false);
        }
        double[] means = new double[table.strategies().size()];
        for (int s = 0; s < means.length; s++) {
            means[s] = table.mean(s);
        }
        row(g, "mean", means, new boolean[means.length], rowTop(rows.size()), true);
        if (table.anyCollapsed()) {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.setColor(MUTED);
            g.drawString(String.format(Locale.ROOT, "⚠ collapsed: ≥ %.0f %% of the unlabelled target predicted as one "
                    + "class (collapse guard)", 100 * org.layeranchor.experiment.StrategyResult.COLLAPSE_SHARE),
                    LABELS, rowTop(rows.size()) + CELL_H + 12 + NOTE - 4);
        }
        colourBar(g, LABELS + CELL_W * means.length + BAR_GAP, top, rows.size() * CELL_H + MEAN_GAP + CELL_H);
    }

    /** The top of a row; row {@code directions().size()} is the mean, after a small gap. */
    private int rowTop(int row) {
        return TITLE + HEADER + row * CELL_H + (row == table.directions().size() ? MEAN_GAP : 0);
    }

    /** Where a cell is drawn, in CSS pixels (the mean row is row {@code directions().size()}). */
    Rectangle2D cell(int row, int strategy) {
        return new Rectangle2D.Double(LABELS + strategy * CELL_W, rowTop(row), CELL_W, CELL_H);
    }

    /**
     * Strategy names over their columns, horizontal (turned labels read as belonging to the next
     * column); a name wider than its column is broken after its first hyphen ("weighted-" / "sum").
     */
    private void header(Graphics2D g, int top) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(TEXT);
        FontMetrics fm = g.getFontMetrics();
        for (int s = 0; s < table.strategies().size(); s++) {
            String name = table.strategies().get(s);
            int hyphen = name.indexOf('-');
            List<String> lines = fm.stringWidth(name) <= CELL_W - 4 || hyphen < 0 ? List.of(name)
                    : List.of(name.substring(0, hyphen + 1), name.substring(hyphen + 1));
            double centre = LABELS + s * CELL_W + CELL_W / 2.0;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int baseline = top - 6 - 14 * (lines.size() - 1 - i);
                g.drawString(line, (float) (centre - fm.stringWidth(line) / 2.0), baseline);
            }
        }
    }

    private void row(Graphics2D g, String label, double[] values, boolean[] collapsed, int y, boolean mean) {
        double best = Arrays.stream(values).max().orElse(Double.NaN);
        Font plain = new Font(Font.SANS_SERIF, mean ? Font.BOLD : Font.PLAIN, 12);
        Font bold = new Font(Font.SANS_SERIF, Font.BOLD, 12);
        g.setFont(plain);
        g.setColor(TEXT);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(label, LABELS - 8 - fm.stringWidth(label), y + CELL_H / 2 + 4);
        for (int s = 0; s < values.length; s++) {
            int x = LABELS + s * CELL_W;
            Color fill = colour(values[s]);
            g.setColor(fill);
            g.fillRect(x, y, CELL_W, CELL_H);
            boolean isBest = values[s] >= best - TIE;
            g.setFont(isBest ? bold : plain);
            g.setColor(luminance(fill) > 0.45 ? TEXT : Color.WHITE);
            String v = String.format(Locale.ROOT, "%.1f", 100 * values[s]) + (collapsed[s] ? " ⚠" : "");
            g.drawString(v, x + (CELL_W - g.getFontMetrics().stringWidth(v)) / 2f, y + CELL_H / 2f + 4);
            if (isBest) {
                g.setColor(BEST);
                g.setStroke(new BasicStroke(2f));
                g.draw(new Rectangle2D.Double(x + 1, y + 1, CELL_W - 2, CELL_H - 2));
            }
        }
    }

    private void colourBar(Graphics2D g, int x, int top, int h) {
        for (int i = 0; i < h; i++) {
            g.setColor(colour(hi - (hi - lo) * i / (h - 1.0)));
            g.fillRect(x, top + i, BAR_W, 1);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setColor(MUTED);
        for (int tick = (int) Math.round(lo * 100); tick <= Math.round(hi * 100); tick += 10) {
            double y = top + (hi - tick / 100.0) / (hi - lo) * (h - 1);
            g.drawString(Integer.toString(tick), x + BAR_W + 4, (float) y + 4);
        }
        g.drawString("UAR %", x - 4, top - 8);
    }

    /** Viridis, linear between its nine points, of the value's place in lo..hi (clamped). */
    Color colour(double uar) {
        double t = Math.max(0, Math.min(1, (uar - lo) / (hi - lo))) * (VIRIDIS.length - 1);
        int i = Math.min((int) t, VIRIDIS.length - 2);
        double f = t - i;
        Color a = new Color(VIRIDIS[i]);
        Color b = new Color(VIRIDIS[i + 1]);
        return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }

    /** Relative luminance (sRGB weights on the gamma-encoded values: enough to choose black or white text). */
    static double luminance(Color c) {
        return (0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue()) / 255;
    }
}

package org.layeranchor.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The headline figure: each strategy's mean UAR over directions with its 95 % interval
 * ({@link MeanInterval}), inductive (filled) and transductive (hollow), and every single direction as a
 * faint dot so the reader sees how much of the interval is the directions' spread. One panel for the
 * pairwise directions and, when the run has them, one for leave one language out, on a shared axis.
 * Strategies are sorted by the headline mean (pairwise inductive), best at the top.
 */
final class StrategyMeansFigure implements Figure {
    static final Color INDUCTIVE = new Color(0x1f5fa8);
    static final Color TRANSDUCTIVE = new Color(0xd95f02);
    private static final Color GRID = new Color(0xe3e6eb);
    private static final Color TEXT = new Color(0x1d2330);
    private static final Color MUTED = new Color(0x5d6679);
    private static final int WIDTH = 580;
    private static final int LABELS = 96;
    private static final int TOP = 74;
    private static final int ROW = 34;
    private static final int GAP = 34;
    private static final int RIGHT = 12;
    private static final int BOTTOM = 40;

    /** One panel: the inductive and (if run) transductive tables of one protocol. */
    record Panel(String title, UarTable inductive, UarTable transductive) {
        List<UarTable> tables() {
            List<UarTable> t = new ArrayList<>();
            t.add(inductive);
            if (transductive != null) {
                t.add(transductive);
            }
            return t;
        }
    }

    private final List<Panel> panels;
    private final List<String> strategies;
    private final double lo;
    private final double hi;

    StrategyMeansFigure(List<UarTable> tables) {
        panels = new ArrayList<>();
        panel(tables, false).ifPresent(panels::add);
        panel(tables, true).ifPresent(panels::add);
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("no inductive table to draw");
        }
        UarTable headline = panels.get(0).inductive();
        List<String> order = new ArrayList<>(headline.strategies());
        order.sort(Comparator.comparingDouble((String s) -> -headline.mean(headline.strategies().indexOf(s))));
        strategies = List.copyOf(order);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Panel p : panels) {
            for (UarTable t : p.tables()) {
                for (int s = 0; s < t.strategies().size(); s++) {
                    MeanInterval m = MeanInterval.of(t.column(s));
                    for (double v : t.column(s)) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                    if (m.hasInterval()) {
                        min = Math.min(min, m.low());
                        max = Math.max(max, m.high());
                    }
                }
            }
        }
        // Whole tens of percent, so the grid lines fall on round numbers.
        lo = Math.max(0, Math.floor(min * 10) / 10);
        hi = Math.min(1, Math.ceil(max * 10) / 10);
    }

    private static Optional<Panel> panel(List<UarTable> tables, boolean leaveOneOut) {
        UarTable ind = tables.stream().filter(t -> t.leaveOneOut() == leaveOneOut && t.inductive()).findFirst().orElse(null);
        UarTable trans = tables.stream().filter(t -> t.leaveOneOut() == leaveOneOut && !t.inductive()).findFirst().orElse(null);
        if (ind == null) {
            return Optional.empty();
        }
        int n = ind.directions().size();
        String title = leaveOneOut ? "leave one out (" + n + " targets)" : n + " language pairs";
        return Optional.of(new Panel(title, ind, trans));
    }

    List<String> strategies() {
        return strategies;
    }

    @Override
    public int width() {
        return WIDTH;
    }

    @Override
    public int height() {
        return TOP + ROW * strategies.size() + BOTTOM;
    }

    @Override
    public String description() {
        UarTable h = panels.get(0).inductive();
        String best = strategies.get(0);
        return String.format(Locale.ROOT, "Mean UAR over directions with 95 %% intervals, per strategy; "
                + "best pairwise inductive: %s, %.1f %%", best, 100 * h.mean(h.strategies().indexOf(best)));
    }

    @Override
    public void draw(Graphics2D g) {
        g.setColor(TEXT);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString("Mean UAR over directions, 95 % interval", 10, 22);
        legend(g, 10, 44);
        int panelWidth = (WIDTH - LABELS - RIGHT - GAP * (panels.size() - 1)) / panels.size();
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int s = 0; s < strategies.size(); s++) {
            g.setColor(TEXT);
            int y = TOP + s * ROW + ROW / 2;
            g.drawString(strategies.get(s), 10, y + 4);
        }
        for (int p = 0; p < panels.size(); p++) {
            drawPanel(g, panels.get(p), LABELS + p * (panelWidth + GAP), panelWidth);
        }
    }

    /** The markers drawn, and nothing else: a run without transductive tables (--quick) has no hollow marker. */
    private void legend(Graphics2D g, int x, int y) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        marker(g, x + 5, y - 4, INDUCTIVE, true);
        g.setColor(TEXT);
        g.drawString("inductive", x + 14, y);
        int next = x + 90;
        if (panels.stream().anyMatch(p -> p.transductive() != null)) {
            marker(g, next, y - 4, TRANSDUCTIVE, false);
            g.setColor(TEXT);
            g.drawString("transductive", next + 9, y);
            next += 107;
        }
        dot(g, next, y - 4, INDUCTIVE);
        g.setColor(MUTED);
        g.drawString("one direction", next + 7, y);
    }

    private void drawPanel(Graphics2D g, Panel panel, int x0, int w) {
        int top = TOP;
        int bottom = TOP + ROW * strategies.size();
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.setColor(TEXT);
        g.drawString(panel.title(), x0, top - 8);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setStroke(new BasicStroke(1f));
        for (int tick = (int) Math.round(lo * 100); tick <= Math.round(hi * 100); tick += 10) {
            double x = x(tick / 100.0, x0, w);
            g.setColor(GRID);
            g.draw(new Line2D.Double(x, top, x, bottom));
            g.setColor(MUTED);
            String label = Integer.toString(tick);
            g.drawString(label, (float) (x - g.getFontMetrics().stringWidth(label) / 2.0), bottom + 15);
        }
        double chance = panel.inductive().chance();
        if (chance > lo && chance < hi) {
            g.setColor(MUTED);
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 3f}, 0f));
            double x = x(chance, x0, w);
            g.draw(new Line2D.Double(x, top, x, bottom));
            g.setStroke(new BasicStroke(1f));
            g.drawString("chance", (float) x + 3, bottom - 4);
        }
        g.setColor(MUTED);
        String axis = "UAR %";
        g.drawString(axis, (float) (x0 + w / 2.0 - g.getFontMetrics().stringWidth(axis) / 2.0), bottom + 30);
        for (int s = 0; s < strategies.size(); s++) {
            double y = top + s * ROW + ROW / 2.0;
            series(g, panel.inductive(), strategies.get(s), y - (panel.transductive() == null ? 0 : 6), x0, w, true);
            if (panel.transductive() != null) {
                series(g, panel.transductive(), strategies.get(s), y + 6, x0, w, false);
            }
        }
    }

    private void series(Graphics2D g, UarTable table, String strategy, double y, int x0, int w, boolean inductive) {
        int s = table.strategies().indexOf(strategy);
        if (s < 0) {
            return; // this setting did not run the strategy
        }
        Color c = inductive ? INDUCTIVE : TRANSDUCTIVE;
        for (double v : table.column(s)) {
            dot(g, x(v, x0, w), y, c);
        }
        MeanInterval m = MeanInterval.of(table.column(s));
        if (m.hasInterval()) {
            g.setColor(c);
            g.setStroke(new BasicStroke(1.6f));
            double a = x(m.low(), x0, w);
            double b = x(m.high(), x0, w);
            g.draw(new Line2D.Double(a, y, b, y));
            g.draw(new Line2D.Double(a, y - 3, a, y + 3));
            g.draw(new Line2D.Double(b, y - 3, b, y + 3));
        }
        marker(g, x(m.mean(), x0, w), y, c, inductive);
    }

    private double x(double uar, int x0, int w) {
        return x0 + (uar - lo) / (hi - lo) * w;
    }

    private static void marker(Graphics2D g, double x, double y, Color c, boolean filled) {
        Ellipse2D circle = new Ellipse2D.Double(x - 4.5, y - 4.5, 9, 9);
        g.setColor(filled ? c : Color.WHITE);
        g.fill(circle);
        g.setColor(c);
        g.setStroke(new BasicStroke(1.8f));
        g.draw(circle);
    }

    private static void dot(Graphics2D g, double x, double y, Color c) {
        g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 70));
        g.fill(new Ellipse2D.Double(x - 2, y - 2, 4, 4));
    }
}

package org.layeranchor.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.layeranchor.experiment.CrossLingualBenchmark;
import org.layeranchor.experiment.DirectionResult;

/**
 * Several sources against one: for each target of the leave-one-language-out table and each
 * strategy, the UAR with every other corpus as labelled source beside the UAR of the best single
 * source for the same target in the matching pairwise table (same strategy, same setting). "Best"
 * is read off the pairwise table with the target's labels — an oracle no user has — so the
 * comparison is conservative for the several-sources model, which chose nothing with them.
 */
final class SourceComparison {
    private SourceComparison() {
    }

    /** One target: its several-sources UAR and its best single source's, per strategy. */
    record Row(String target, String sources, List<Double> multi, List<Double> bestSingle, List<String> bestSource) {
    }

    /** The rows for a leave-one-language-out setting; empty when the pairwise table is missing. */
    static List<Row> rows(CrossLingualBenchmark.Results r, String loloSetting, List<String> strategies) {
        String pairwise = loloSetting.substring(CrossLingualBenchmark.LOLO_PREFIX.length());
        List<Row> out = new ArrayList<>();
        for (DirectionResult lolo : r.directions()) {
            if (!lolo.setting().equals(loloSetting)) {
                continue;
            }
            List<DirectionResult> singles = r.directions().stream()
                    .filter(d -> d.setting().equals(pairwise) && d.target().equals(lolo.target())).toList();
            if (singles.isEmpty()) {
                return List.of();
            }
            List<Double> multi = new ArrayList<>();
            List<Double> best = new ArrayList<>();
            List<String> bestSource = new ArrayList<>();
            for (String s : strategies) {
                multi.add(BenchmarkReport.uar(lolo, s));
                DirectionResult top = null;
                for (DirectionResult d : singles) {
                    if (top == null || BenchmarkReport.uar(d, s) > BenchmarkReport.uar(top, s)) {
                        top = d;
                    }
                }
                best.add(BenchmarkReport.uar(top, s));
                bestSource.add(top.source());
            }
            out.add(new Row(lolo.target(), lolo.source(), multi, best, bestSource));
        }
        return out;
    }

    /** Markdown: target × strategy, "several / best single (its source)", and the means. */
    static String markdown(CrossLingualBenchmark.Results r, String loloSetting, List<String> strategies) {
        List<Row> rows = rows(r, loloSetting, strategies);
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("Several sources against the best single source for the same target (UAR %, "
                + "all other corpora pooled / best of the pairwise directions into that target, which is chosen with "
                + "the target's labels and so favours the single source):\n\n| target |");
        strategies.forEach(s -> sb.append(' ').append(s).append(" |"));
        sb.append("\n|---|");
        strategies.forEach(s -> sb.append("---|"));
        sb.append('\n');
        for (Row row : rows) {
            sb.append("| ").append(row.target()).append(" |");
            for (int i = 0; i < strategies.size(); i++) {
                sb.append(String.format(Locale.ROOT, " %.1f / %.1f (%s) |", 100 * row.multi().get(i),
                        100 * row.bestSingle().get(i), row.bestSource().get(i)));
            }
            sb.append('\n');
        }
        sb.append("| **mean** |");
        double[][] means = means(rows, strategies.size());
        for (int i = 0; i < strategies.size(); i++) {
            double multi = means[0][i];
            double single = means[1][i];
            // The larger of the two in bold (both when they round alike).
            String m = String.format(Locale.ROOT, "%.1f", multi);
            String o = String.format(Locale.ROOT, "%.1f", single);
            sb.append(' ').append(multi >= single ? "**" + m + "**" : m).append(" / ")
                    .append(single >= multi ? "**" + o + "**" : o).append(" |");
        }
        return sb.append("\n\n").toString();
    }

    /** The same as an HTML table. */
    static String html(CrossLingualBenchmark.Results r, String loloSetting, List<String> strategies) {
        List<Row> rows = rows(r, loloSetting, strategies);
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder h = new StringBuilder("<p>Several sources (all other corpora) against the best single source for the "
                + "same target, UAR % (the best single source is picked with the target's labels, which favours it):</p>"
                + "<table><tr><th>target</th>");
        strategies.forEach(s -> h.append("<th>").append(HtmlReport.esc(s)).append("</th>"));
        h.append("</tr>");
        for (Row row : rows) {
            h.append("<tr><td>").append(HtmlReport.esc(row.target())).append("</td>");
            for (int i = 0; i < strategies.size(); i++) {
                h.append(String.format(Locale.ROOT, "<td>%.1f / %.1f (%s)</td>", 100 * row.multi().get(i),
                        100 * row.bestSingle().get(i), HtmlReport.esc(row.bestSource().get(i))));
            }
            h.append("</tr>");
        }
        h.append("<tr><th>mean</th>");
        double[][] means = means(rows, strategies.size());
        for (int i = 0; i < strategies.size(); i++) {
            h.append(String.format(Locale.ROOT, "<th>%.1f / %.1f</th>", means[0][i], means[1][i]));
        }
        return h.append("</tr></table>").toString();
    }

    /** [0]: each strategy's mean UAR % with several sources over the targets; [1]: with the best single source. */
    private static double[][] means(List<Row> rows, int strategies) {
        double[][] m = new double[2][strategies];
        for (Row row : rows) {
            for (int i = 0; i < strategies; i++) {
                m[0][i] += 100 * row.multi().get(i) / rows.size();
                m[1][i] += 100 * row.bestSingle().get(i) / rows.size();
            }
        }
        return m;
    }
}

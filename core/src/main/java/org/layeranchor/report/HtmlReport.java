package org.layeranchor.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.layeranchor.experiment.CrossLingualBenchmark;
import org.layeranchor.experiment.DirectionResult;
import org.layeranchor.experiment.StrategyResult;

/**
 * One self-contained HTML page (images inlined as data URIs, no scripts, no external files). It opens
 * with what a reader wants first, in one screen: a sentence with the headline numbers, the figure of
 * every strategy's mean UAR over directions with its interval, and the headline direction × strategy
 * heat map. Then, per setting, its heat map (the headline's is at the top), results table and
 * per-direction details (anchors, layer plots, confusion matrices); last the exact configuration and
 * commit.
 */
final class HtmlReport {
    private HtmlReport() {
    }

    /** {@code figures}: what {@link ReportFigures#write} wrote for this run (summary first). */
    static String render(CrossLingualBenchmark.Results r, Map<String, Object> provenance, Path out,
                         List<ReportFigures.Written> figures) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>LayerAnchor benchmark</title>")
                .append("<style>body{font-family:sans-serif;max-width:1280px;margin:1em auto;padding:0 1em;color:#222}")
                .append("h1{margin:0.2em 0 0.3em}.lede{margin:0 0 0.8em;max-width:75em}")
                .append(".figures{display:flex;flex-wrap:wrap;gap:1em 1.5em;align-items:flex-start}")
                .append("figure{margin:0}figure img{display:block;max-width:100%;height:auto;border:0}")
                .append("figcaption{font-size:0.85em;color:#555;margin-top:0.3em}")
                .append("table{border-collapse:collapse;margin:1em 0;font-size:0.9em}td,th{border:1px solid #bbb;padding:3px 7px;")
                .append("text-align:right}th{background:#eee}td:first-child,th:first-child{text-align:left}")
                .append("img{max-width:100%;border:1px solid #ddd}.best{font-weight:bold;background:#e6f4e6}.collapse{color:#b00;font-weight:bold}")
                .append("details{margin:0.5em 0}pre{background:#f6f6f6;padding:1em;overflow:auto;font-size:0.8em}</style></head><body>");
        List<UarTable> tables = UarTable.of(r);
        h.append(firstScreen(tables, figures));
        h.append("<p>Encoder <code>").append(esc(r.encoderKey())).append("</code>, commit <code>")
                .append(esc(String.valueOf(provenance.getOrDefault("commit", "unknown")))).append("</code>, classes ")
                .append(esc(r.settings().classes().classes().toString())).append(", ").append(r.settings().seeds())
                .append(" seeds. UAR in percent; chance ").append(String.format("%.1f", 100.0 / r.settings().classes().classes().size()))
                .append(" %. Anchors are chosen from source features and unlabelled target audio only; target test labels are read ")
                .append("only to score the trained models.</p>");
        h.append("<p>Tables: ");
        for (int t = 0; t < tables.size(); t++) {
            String setting = tables.get(t).setting();
            h.append(t == 0 ? "" : " · ").append("<a href=\"#").append(setting).append("\">")
                    .append(esc(shortTitle(setting))).append("</a>");
        }
        h.append(" · <a href=\"#configuration\">configuration</a></p>");
        for (String setting : BenchmarkReport.SETTINGS) {
            List<DirectionResult> ds = r.directions().stream().filter(d -> d.setting().equals(setting)).toList();
            if (ds.isEmpty()) {
                continue;
            }
            h.append("<h2 id=\"").append(setting).append("\">").append(esc(BenchmarkReport.title(setting))).append("</h2>");
            if (!setting.equals(tables.get(0).setting())) {
                ReportFigures.Written map = heatMap(figures, setting);
                h.append(figure(map, "heatmap-" + setting, heatMapCaption()));
            }
            h.append(summaryTable(r, ds));
            if (setting.startsWith(CrossLingualBenchmark.LOLO_PREFIX)) {
                h.append(SourceComparison.html(r, setting, ds.get(0).strategies().stream().map(s -> s.strategy()).toList()));
            }
            h.append("<h3>Per direction</h3>");
            for (DirectionResult d : ds) {
                // Closed: the heat map already shows every direction, and twelve open ones would push the
                // other settings' tables several screens down.
                h.append("<details><summary><b>")
                        .append(esc(d.source())).append(" → ").append(esc(d.target())).append("</b> (")
                        .append(d.sourceUtterances()).append(" labelled source, ").append(d.adaptUtterances())
                        .append(" unlabelled target, ").append(d.testUtterances()).append(" test utterances)</summary>");
                h.append("<p>Label-free layer ranking (best first) ").append(Arrays.toString(d.similarityRanking()))
                        .append("; vowel-frame ranking ").append(BenchmarkReport.vowelRanking(d))
                        .append("; layer groups ").append(esc(BenchmarkReport.groups(d.groups()))).append("</p>");
                h.append(directionTable(d));
                h.append(image(out.resolve(d.analysisDir()).resolve("label_free_overview.png"),
                        "Label-free distances per layer, " + d.source() + " to " + d.target()));
                if (setting.equals("inductive")) {
                    h.append(image(out.resolve(d.analysisDir()).resolve("cka_target.png"), "Layer x layer CKA of the target"));
                }
                h.append(confusions(d));
                h.append("</details>");
            }
        }
        h.append("<h2 id=\"configuration\">Configuration</h2><pre>")
                .append(esc(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(
                        Map.of("provenance", provenance, "training", r.settings().training(),
                                "strategies", r.settings().strategies().toString(), "seeds", r.settings().seeds(),
                                "lam_gl_group_anchors", org.layeranchor.experiment.AnchorChooser.GROUP_ANCHORS))))
                .append("</pre></body></html>\n");
        return h.toString();
    }

    /** Title, the headline sentence, the summary figure and the headline heat map, side by side on a laptop. */
    private static String firstScreen(List<UarTable> tables, List<ReportFigures.Written> figures) throws IOException {
        return "<h1>LayerAnchor cross-lingual benchmark</h1><p class=\"lede\">" + esc(headline(tables.get(0))) + "</p>"
                + "<div class=\"figures\">" + figure(figures.get(0), "summary-figure", summaryCaption())
                + figure(heatMap(figures, tables.get(0).setting()), "headline-heatmap", heatMapCaption()) + "</div>";
    }

    /** One sentence with the numbers the figures show: the best strategy and the last-layer baseline. */
    static String headline(UarTable t) {
        int best = 0;
        for (int s = 1; s < t.strategies().size(); s++) {
            best = t.mean(s) > t.mean(best) ? s : best;
        }
        MeanInterval m = MeanInterval.of(t.column(best));
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Best mean UAR over the %d directions (%s): "
                + "%s %.1f %%", t.directions().size(), t.setting(), t.strategies().get(best), 100 * m.mean()));
        if (m.hasInterval()) {
            sb.append(String.format(Locale.ROOT, " (95 %% interval %.1f–%.1f)", 100 * m.low(), 100 * m.high()));
        }
        int last = t.strategies().indexOf("last-layer");
        if (last >= 0 && last != best) {
            int wins = 0;
            for (double[] row : t.uar()) {
                wins += row[best] > row[last] + BenchmarkReport.TIE ? 1 : 0;
            }
            sb.append(String.format(Locale.ROOT, ", against %.1f %% for the last layer, which it beats on %d of %d "
                    + "directions", 100 * t.mean(last), wins, t.directions().size()));
        }
        return sb.append(String.format(Locale.ROOT, ". Chance %.1f %%.", 100 * t.chance())).toString();
    }

    private static String shortTitle(String setting) {
        return setting.startsWith(CrossLingualBenchmark.LOLO_PREFIX)
                ? "leave one language out, " + setting.substring(CrossLingualBenchmark.LOLO_PREFIX.length()) : setting;
    }

    private static String summaryCaption() {
        return "Mean UAR over directions (large dot) with its 95 % t-interval (bar); small dots: single directions. "
                + "The intervals are wide because directions differ more than strategies do: compare strategies within a "
                + "direction in the heat map and the wins tables.";
    }

    private static String heatMapCaption() {
        return "Best strategy of each direction outlined; one colour scale for every heat map of this report.";
    }

    private static ReportFigures.Written heatMap(List<ReportFigures.Written> figures, String setting) {
        return figures.stream().filter(f -> setting.equals(f.setting())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no heat map was drawn for " + setting));
    }

    /** A figure inlined as PNG at its CSS size, with links to its PNG and SVG files beside the report. */
    private static String figure(ReportFigures.Written f, String id, String caption) throws IOException {
        String dir = ReportFigures.DIR + "/";
        // The figure is as wide as its picture: a long caption wraps instead of widening it.
        return "<figure style=\"max-width:" + f.width() + "px\"><img id=\"" + id + "\" width=\"" + f.width() + "\" height=\"" + f.height() + "\" alt=\""
                + esc(f.description()) + "\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(Files.readAllBytes(f.png())) + "\"><figcaption>" + esc(caption)
                + " <a href=\"" + dir + f.name() + ".svg\">SVG</a> · <a href=\"" + dir + f.name() + ".png\">PNG</a>"
                + "</figcaption></figure>";
    }

    private static String summaryTable(CrossLingualBenchmark.Results r, List<DirectionResult> ds) {
        StringBuilder h = new StringBuilder("<table><tr><th>direction</th>");
        List<String> strategies = ds.get(0).strategies().stream().map(StrategyResult::strategy).toList();
        strategies.forEach(s -> h.append("<th>").append(esc(s)).append("</th>"));
        h.append("<th>target upper bound</th></tr>");
        for (DirectionResult d : ds) {
            double best = d.strategies().stream().mapToDouble(s -> s.uar().mean()).max().orElse(0);
            h.append("<tr><td>").append(esc(d.source())).append(" → ").append(esc(d.target())).append("</td>");
            for (StrategyResult s : d.strategies()) {
                h.append(s.uar().mean() == best ? "<td class=\"best\">" : "<td>")
                        .append(String.format("%.1f ± %.1f", 100 * s.uar().mean(), 100 * s.uar().std()))
                        .append(s.collapsed() ? " <span class=\"collapse\" title=\"predictions on the unlabelled target fall almost "
                                + "entirely in one class\">⚠ collapsed</span>" : "").append("</td>");
            }
            h.append(String.format("<td>%.1f</td></tr>", 100 * BenchmarkReport.upperBound(r, d.target())));
        }
        h.append("<tr><th>mean</th>");
        for (String s : strategies) {
            h.append(String.format("<th>%.1f</th>", 100 * ds.stream().mapToDouble(d -> BenchmarkReport.uar(d, s)).average().orElse(0)));
        }
        return h.append("<th></th></tr></table>").toString();
    }

    private static String directionTable(DirectionResult d) {
        StringBuilder h = new StringBuilder("<table><tr><th>strategy</th><th>UAR mean ± std</th><th>95 % CI</th>"
                + "<th>accuracy</th><th>macro-F1</th><th>layers read</th>"
                + "<th>unlabelled target predicted as (collapse guard, no labels)</th></tr>");
        for (StrategyResult s : d.strategies()) {
            h.append("<tr><td>").append(esc(s.strategy())).append("</td>")
                    .append(String.format("<td>%.1f ± %.1f</td><td>%.1f – %.1f</td><td>%.1f</td><td>%.1f</td>",
                            100 * s.uar().mean(), 100 * s.uar().std(), 100 * s.ci().low(), 100 * s.ci().high(),
                            100 * s.accuracy().mean(), 100 * s.macroF1().mean()))
                    .append("<td>").append(esc(s.usedLayers())).append("</td><td>")
                    .append(esc(s.describeShares(s.confusion().classes())))
                    .append(s.collapsed() ? " <span class=\"collapse\">⚠ collapsed in " + s.collapsedSeeds() + " of "
                            + s.uar().seeds() + " seeds</span>" : "").append("</td></tr>");
        }
        return h.append("</table>").toString();
    }

    /** Confusion matrices (summed over seeds) of every strategy, side by side. */
    private static String confusions(DirectionResult d) {
        StringBuilder h = new StringBuilder("<p>Confusion matrices, summed over seeds (rows: true class, columns: predicted):</p>"
                + "<div style=\"display:flex;flex-wrap:wrap;gap:1em\">");
        for (StrategyResult s : d.strategies()) {
            List<String> c = s.confusion().classes();
            h.append("<table><tr><th>").append(esc(s.strategy())).append("</th>");
            c.forEach(x -> h.append("<th>").append(esc(x)).append("</th>"));
            h.append("</tr>");
            for (int i = 0; i < c.size(); i++) {
                h.append("<tr><th>").append(esc(c.get(i))).append("</th>");
                for (int j = 0; j < c.size(); j++) {
                    h.append(i == j ? "<td class=\"best\">" : "<td>").append(s.confusion().count(i, j)).append("</td>");
                }
                h.append("</tr>");
            }
            h.append("</table>");
        }
        return h.append("</div>").toString();
    }

    private static String image(Path png, String alt) throws IOException {
        if (!Files.exists(png)) {
            return "";
        }
        return "<p><img alt=\"" + esc(alt) + "\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(Files.readAllBytes(png)) + "\"></p>";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

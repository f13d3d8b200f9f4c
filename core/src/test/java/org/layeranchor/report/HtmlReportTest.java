package org.layeranchor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.experiment.CrossLingualBenchmark;

/** The page's order and content without a browser ({@code HtmlReportScreenTest} looks at it in one). */
class HtmlReportTest {
    @TempDir
    Path out;

    @Test
    void opensWithTheHeadlineSentenceFigureAndHeatMapBeforeAnyTable() throws Exception {
        CrossLingualBenchmark.Results r = SyntheticResults.create(5);
        BenchmarkReport.write(r, Map.of("commit", "abc"), out);
        String html = Files.readString(out.resolve(BenchmarkReport.HTML));

        int lede = html.indexOf("class=\"lede\"");
        int summary = html.indexOf("id=\"summary-figure\"");
        int headlineMap = html.indexOf("id=\"headline-heatmap\"");
        int firstTable = html.indexOf("<table");
        assertTrue(lede > 0 && lede < summary && summary < headlineMap && headlineMap < firstTable,
                "order: lede " + lede + ", figure " + summary + ", heat map " + headlineMap + ", table " + firstTable);

        // The sentence names the best pairwise inductive strategy with the figure's numbers.
        UarTable headline = UarTable.of(r).get(0);
        int best = 0;
        for (int s = 1; s < headline.strategies().size(); s++) {
            best = headline.mean(s) > headline.mean(best) ? s : best;
        }
        MeanInterval m = MeanInterval.of(headline.column(best));
        String sentence = String.format(Locale.ROOT, "%s %.1f %% (95 %% interval %.1f–%.1f)",
                headline.strategies().get(best), 100 * m.mean(), 100 * m.low(), 100 * m.high());
        assertTrue(html.substring(lede, summary).contains(sentence), sentence + " not in " + html.substring(lede, summary));

        // Every other setting shows its own heat map in its section, before its table.
        for (String setting : List.of("transductive", "lolo-inductive", "lolo-transductive")) {
            int map = html.indexOf("id=\"heatmap-" + setting + "\"");
            int heading = html.indexOf("<h2 id=\"" + setting + "\">" + HtmlReport.esc(BenchmarkReport.title(setting)));
            assertTrue(html.contains("<a href=\"#" + setting + "\">"), "a link to " + setting);
            assertTrue(heading > 0 && map > heading && html.indexOf("<table", map) > map, setting);
        }

        // Inlined at their CSS size from PNGs drawn at twice it; the files are beside the report.
        Matcher img = Pattern.compile("<img id=\"summary-figure\" width=\"(\\d+)\" height=\"(\\d+)\"").matcher(html);
        assertTrue(img.find());
        for (String name : List.of("summary", "heatmap-inductive", "heatmap-transductive", "heatmap-lolo-inductive",
                "heatmap-lolo-transductive")) {
            assertTrue(Files.size(out.resolve("figures/" + name + ".png")) > 1000, name);
            assertTrue(Files.readString(out.resolve("figures/" + name + ".svg")).startsWith("<?xml"), name);
            assertTrue(html.contains("href=\"figures/" + name + ".svg\""), name);
        }
        assertEquals(2 * Integer.parseInt(img.group(1)),
                javax.imageio.ImageIO.read(out.resolve("figures/summary.png").toFile()).getWidth());
        assertTrue(!html.contains("src=\"http") && !html.contains("<script"), "still self-contained");
    }
}

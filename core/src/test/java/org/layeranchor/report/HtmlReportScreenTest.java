package org.layeranchor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.testing.HeadlessChromium;

/**
 * report.html as a person first sees it: opened in headless Chromium in a window of a laptop's 1366 ×
 * 768 (Chromium keeps room for its own toolbar, so the page gets about 1366 × 625, as on a real laptop),
 * the headline figure and the headline heat map must be loaded and entirely inside the first screen,
 * before any table. Same browser rule as {@code BrowserPageTest}: skipped without Chromium, failed
 * without it under {@code CI=true}. The screenshot goes to {@code target/browser-test/report-first-screen.png}.
 */
class HtmlReportScreenTest {
    private static final int WIDTH = 1366;
    private static final int HEIGHT = 768;

    @TempDir
    static Path out;

    @BeforeAll
    static void writeAReport() throws Exception {
        if (!HeadlessChromium.available() && HeadlessChromium.required()) {
            throw new IllegalStateException(HeadlessChromium.missingMessage() + "; required under CI=true");
        }
        BenchmarkReport.write(SyntheticResults.create(7), Map.of("commit", "test"), out);
    }

    @Test
    void theHeadlineFigureAndHeatMapAreLoadedAndInTheFirstScreenAboveTheTables() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(HeadlessChromium.available(),
                () -> HeadlessChromium.missingMessage() + ": report screenshot test skipped");
        try (HeadlessChromium chrome = HeadlessChromium.open(out.resolve(BenchmarkReport.HTML).toUri().toString(),
                WIDTH, HEIGHT, false)) {
            chrome.awaitTrue("[...document.images].every(i => i.complete)", Duration.ofSeconds(20));
            // Written first, so that a failure leaves the picture to look at.
            Path shots = Files.createDirectories(Path.of("target", "browser-test"));
            Files.write(shots.resolve("report-first-screen.png"), chrome.screenshot());
            JsonNode view = chrome.evaluate("({w: innerWidth, h: innerHeight, scrollY: scrollY})");
            assertEquals(WIDTH, view.get("w").asInt(), view.toString());
            int fold = view.get("h").asInt();
            assertTrue(fold > 560 && fold <= HEIGHT, "the window should leave a laptop's viewport: " + view);
            double firstTable = chrome.evaluate("document.querySelector('table').getBoundingClientRect().top").asDouble();
            for (String id : new String[] {"summary-figure", "headline-heatmap"}) {
                JsonNode img = chrome.evaluate("(() => { const i = document.getElementById('" + id + "'); "
                        + "const r = i.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, "
                        + "right: r.right, natural: i.naturalWidth, naturalHeight: i.naturalHeight, css: r.width}; })()");
                assertTrue(img.get("natural").asInt() > 0 && img.get("naturalHeight").asInt() > 0, id + " did not load: " + img);
                assertTrue(img.get("top").asDouble() >= 0 && img.get("bottom").asDouble() <= fold,
                        id + " is not entirely in the first screen: " + img);
                assertTrue(img.get("left").asDouble() >= 0 && img.get("right").asDouble() <= WIDTH,
                        id + " is cut at the side: " + img);
                // Drawn at twice its CSS size and shown unscaled: sharp, and its text as large as designed.
                assertEquals(2 * img.get("css").asDouble(), img.get("natural").asDouble(), 1.0, id + ": " + img);
                assertTrue(img.get("bottom").asDouble() <= firstTable, id + " is not above the first table: " + img);
            }
        }
    }
}

package org.layeranchor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    @TempDir
    Path dir;

    private static final String RESULTS = "{\"settings\": {\"classes\": [\"neutral\", \"happy\", \"sad\", \"angry\"]}, "
            + "\"directions\": [" + direction("a", "b", 0.5, 0.6) + ", " + direction("b", "a", 0.4, 0.7) + "]}";

    private static String direction(String source, String target, double last, double lam) {
        return "{\"setting\": \"inductive\", \"source\": \"" + source + "\", \"target\": \"" + target + "\", "
                + "\"strategies\": [{\"strategy\": \"last-layer\", \"uar_mean\": " + last + "}, "
                + "{\"strategy\": \"lam\", \"uar_mean\": " + lam + "}]}";
    }

    @Test
    void drawsTheFiguresFromResultsJsonBesideIt() throws Exception {
        Path results = Files.writeString(dir.resolve("results.json"), RESULTS);
        LayerAnchorCliTest.Run r = LayerAnchorCliTest.run("report", "--results", results.toString());
        assertEquals(0, r.code(), r.err());
        for (String f : new String[] {"summary.png", "summary.svg", "heatmap-inductive.png", "heatmap-inductive.svg"}) {
            assertTrue(Files.size(dir.resolve("figures").resolve(f)) > 500, f);
            assertTrue(r.out().contains(f), r.out());
        }
        Path elsewhere = dir.resolve("docs-figures");
        assertEquals(0, LayerAnchorCliTest.run("report", "--results", results.toString(), "--out", elsewhere.toString()).code());
        assertTrue(Files.exists(elsewhere.resolve("summary.png")));
    }

    @Test
    void aBrokenResultsFileIsOneErrorLineNamingIt() throws Exception {
        Path results = Files.writeString(dir.resolve("results.json"), RESULTS.replace("0.7", "\"high\""));
        LayerAnchorCliTest.Run r = LayerAnchorCliTest.run("report", "--results", results.toString());
        assertEquals(1, r.code());
        assertEquals("error: " + results + ": directions[1].strategies[1].uar_mean must be a number in [0, 1], found "
                + "\"high\"", r.err().strip());
        assertTrue(!Files.exists(dir.resolve("figures")), "nothing drawn from a broken file");
    }
}

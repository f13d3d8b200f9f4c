package org.layeranchor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.testing.TinyWhisper;

class AnalyzeCommandTest {
    @Test
    void analysesTwoCorporaFromAStoreInBothVariants(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("model");
        TinyWhisper.write(model, 4);
        Path a = ExtractCommandTest.corpus(tmp.resolve("alpha"), 16);
        Path b = ExtractCommandTest.corpus(tmp.resolve("beta"), 12);
        Path store = tmp.resolve("store");
        LayerAnchorCliTest.Run ex = LayerAnchorCliTest.run("extract", "--model", model.toString(), "--corpus", a.toString(),
                b.toString(), "--store", store.toString(), "--mode", "fast", "--frames");
        assertEquals(0, ex.code(), ex.err());

        for (boolean vowels : new boolean[] {false, true}) {
            Path out = tmp.resolve(vowels ? "vowels" : "all");
            LayerAnchorCliTest.Run r = vowels
                    ? LayerAnchorCliTest.run("analyze", "--store", store.toString(), "--source", "alpha", "--target", "beta",
                    "--out", out.toString(), "--vowels")
                    : LayerAnchorCliTest.run("analyze", "--store", store.toString(), "--source", "alpha", "--target", "beta",
                    "--out", out.toString());
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("Consensus ranking (label-free)"), r.out());
            JsonNode ranking = new ObjectMapper().readTree(out.resolve("ranking.json").toFile());
            assertTrue(ranking.toString().contains("label"), ranking.toString());
            assertTrue(Files.size(out.resolve("cka_source.png")) > 1000);
            assertTrue(Files.readString(out.resolve("layer_measures.csv")).contains("coral_distance"));
            // extract pools over speech by default, and the analysis says so.
            assertTrue(r.out().contains(vowels ? "vowel frames" : "speech frames (first to last)"), r.out());
        }

        LayerAnchorCliTest.Run unknown = LayerAnchorCliTest.run("analyze", "--store", store.toString(), "--source", "alpha",
                "--target", "gamma", "--out", tmp.resolve("x").toString());
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("gamma") && unknown.err().contains("alpha"), unknown.err());
    }
}

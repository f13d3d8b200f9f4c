package org.layeranchor.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layeranchor.features.FeatureSet;

class AnalysisWriterTest {
    @TempDir
    static Path out;
    static AnalysisResult result;
    static List<Path> written;

    @BeforeAll
    static void writeASmallAnalysis() throws Exception {
        FeatureSet s = SyntheticFeatures.make("emodb", "de", 160, 8, 64, CrossLingualAnalysisTest.BLOCKS,
                CrossLingualAnalysisTest.SHIFT, false, 1);
        FeatureSet t = SyntheticFeatures.make("emovo", "it", 120, 6, 64, CrossLingualAnalysisTest.BLOCKS,
                CrossLingualAnalysisTest.SHIFT, true, 2);
        result = CrossLingualAnalysis.run(s, t, AnalysisOptions.defaults().withFolds(3));
        written = AnalysisWriter.write(result, out);
        String keep = System.getProperty("layeranchor.keepPlots");
        if (keep != null) { // for looking at the charts by eye: -Dlayeranchor.keepPlots=/some/dir
            Files.createDirectories(Path.of(keep));
            for (Path p : written) {
                Files.copy(p, Path.of(keep).resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void writesTablesJsonAndEveryPlotAsPngAndSvg() throws Exception {
        for (String name : List.of(AnalysisWriter.MEASURES_CSV, AnalysisWriter.MEASURES_WIDE_CSV,
                AnalysisWriter.MEASURES_JSON, AnalysisWriter.RANKING_JSON, AnalysisWriter.ANALYSIS_JSON,
                AnalysisWriter.CKA_SOURCE_CSV, AnalysisWriter.CKA_TARGET_CSV, AnalysisWriter.SUMMARY_TXT,
                "measure_coral_distance.png", "measure_frechet_distance.svg", "label_free_overview.png",
                "cka_source.png", "cka_target.svg",
                "measure_analysis_only_cross_lingual_probe_uar.png")) {
            assertTrue(Files.size(out.resolve(name)) > 0, name);
        }
        int layer = result.analysisOnlyCentroidCosines().chosenLayer();
        Path png = out.resolve("analysis_only_centroid_cosine_layer" + layer + ".png");
        byte[] head = Files.readAllBytes(png);
        assertEquals((byte) 0x89, head[0]);
        assertEquals('P', head[1]);
        String svg = Files.readString(out.resolve("analysis_only_centroid_cosine_layer" + layer + ".svg"));
        assertTrue(svg.contains("<svg"));
        assertTrue(AnalysisPlots.centroidHeatmap(result, layer).getTitle().contains("analysis only"));
        String curve = Files.readString(out.resolve("measure_coral_distance.svg"));
        assertEquals(AnalysisPlots.LAYER_AXIS, AnalysisPlots.measureChart(result, result.measures().get(0)).getXAxisTitle());
    }

    @Test
    void tablesFlagEveryMeasuresLabelUse() throws Exception {
        List<String> lines = Files.readAllLines(out.resolve(AnalysisWriter.MEASURES_CSV));
        assertEquals("layer,measure,value,label_use,label_free,analysis_only,better,units", lines.get(0));
        assertEquals(1 + result.measures().size() * result.layers(), lines.size());
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", 8);
            boolean analysisOnly = Boolean.parseBoolean(f[5]);
            assertEquals(analysisOnly, f[1].startsWith("analysis_only_"), line);
            assertEquals(analysisOnly, f[3].equals("target"), line);
            assertEquals(f[3].equals("none"), Boolean.parseBoolean(f[4]), line);
        }
        JsonNode table = new ObjectMapper().readTree(out.resolve(AnalysisWriter.MEASURES_JSON).toFile());
        for (JsonNode m : table.get("measures")) {
            assertEquals(m.get("analysis_only").asBoolean(), m.get("name").asText().startsWith("analysis_only_"));
            assertEquals(result.layers(), m.get("values").size());
        }
        List<String> wide = Files.readAllLines(out.resolve(AnalysisWriter.MEASURES_WIDE_CSV));
        assertEquals(1 + result.layers(), wide.size());
    }

    @Test
    void rankingJsonProposesAnchorsFromTheLabelFreeConsensusOnly() throws Exception {
        JsonNode r = new ObjectMapper().readTree(out.resolve(AnalysisWriter.RANKING_JSON).toFile());
        assertTrue(r.get("consensus").get("label_free").asBoolean());
        assertEquals(result.proposedAnchorLayers().get(0), r.get("proposed_anchor_layers").get(0).asInt());
        assertEquals(result.layers(), r.get("consensus").get("layers_best_first").size());
        assertTrue(r.get("rule").asText().contains("label-free"));
        assertEquals(3, r.get("groups").get("contiguous").get("groups").size());
        JsonNode all = new ObjectMapper().readTree(out.resolve(AnalysisWriter.ANALYSIS_JSON).toFile());
        assertTrue(all.has("analysis_only_centroid_cosines"));
        assertFalse(all.get("notes").isEmpty());
        assertTrue(all.get("seconds").has("wall_total"));
    }

    @Test
    void summaryListsAnchorsAndGroups() throws Exception {
        String text = Files.readString(out.resolve(AnalysisWriter.SUMMARY_TXT));
        assertTrue(text.contains("Proposed anchor layers (LAM): " + result.proposedAnchorLayers()));
        assertTrue(text.contains("analysis only"));
    }
}

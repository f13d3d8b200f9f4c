package org.layeranchor.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes an {@link AnalysisResult} to a folder:
 *
 * <ul>
 *   <li>{@value #MEASURES_CSV}: one row per (layer, measure) with the label-use columns
 *       ({@code label_use}, {@code label_free}, {@code analysis_only});</li>
 *   <li>{@value #MEASURES_WIDE_CSV}: one row per layer, one column per measure (names of
 *       target-label measures start with {@code analysis_only_});</li>
 *   <li>{@value #MEASURES_JSON}: the same table with each measure's title, units and flags;</li>
 *   <li>{@value #RANKING_JSON}: per-measure rankings, the label-free consensus, proposed anchor layers
 *       and layer groups;</li>
 *   <li>{@value #ANALYSIS_JSON}: everything, with options, CKA matrices, centroid cosines, timings, notes;</li>
 *   <li>{@value #SUMMARY_TXT}: {@link AnalysisSummary#text} for people;</li>
 *   <li>plots as PNG and SVG (see {@link AnalysisPlots}).</li>
 * </ul>
 * NaN is written as an empty CSV cell and as JSON null.
 */
public final class AnalysisWriter {
    public static final String MEASURES_CSV = "layer_measures.csv";
    public static final String MEASURES_WIDE_CSV = "layer_measures_wide.csv";
    public static final String MEASURES_JSON = "layer_measures.json";
    public static final String RANKING_JSON = "ranking.json";
    public static final String ANALYSIS_JSON = "analysis.json";
    public static final String CKA_SOURCE_CSV = "cka_source.csv";
    public static final String CKA_TARGET_CSV = "cka_target.csv";
    public static final String SUMMARY_TXT = "summary.txt";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AnalysisWriter() {
    }

    /** Writes tables, JSON and plots into {@code outDir} (created if needed); returns the files written. */
    public static List<Path> write(AnalysisResult result, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        List<Path> written = new ArrayList<>();
        written.add(writeString(outDir.resolve(MEASURES_CSV), longCsv(result)));
        written.add(writeString(outDir.resolve(MEASURES_WIDE_CSV), wideCsv(result)));
        written.add(writeJson(outDir.resolve(MEASURES_JSON), measuresTable(result)));
        written.add(writeJson(outDir.resolve(RANKING_JSON), ranking(result)));
        written.add(writeJson(outDir.resolve(ANALYSIS_JSON), everything(result)));
        written.add(writeString(outDir.resolve(CKA_SOURCE_CSV), matrixCsv(result.ckaSource())));
        written.add(writeString(outDir.resolve(CKA_TARGET_CSV), matrixCsv(result.ckaTarget())));
        written.add(writeString(outDir.resolve(SUMMARY_TXT), AnalysisSummary.text(result)));
        written.addAll(AnalysisPlots.writeAll(result, outDir));
        return written;
    }

    static String longCsv(AnalysisResult r) {
        StringBuilder sb = new StringBuilder("layer,measure,value,label_use,label_free,analysis_only,better,units\n");
        for (LayerMeasure m : r.measures()) {
            for (int l = 0; l < m.layers(); l++) {
                sb.append(l).append(',').append(m.name()).append(',').append(number(m.values()[l])).append(',')
                        .append(m.labelUse().code()).append(',').append(m.labelUse().labelFree()).append(',')
                        .append(m.labelUse().analysisOnly()).append(',')
                        .append(m.better().name().toLowerCase(Locale.ROOT)).append(',')
                        .append(quote(m.units())).append('\n');
            }
        }
        return sb.toString();
    }

    static String wideCsv(AnalysisResult r) {
        StringBuilder sb = new StringBuilder("layer");
        for (LayerMeasure m : r.measures()) {
            sb.append(',').append(m.name());
        }
        sb.append(',').append(AnchorSelection.CONSENSUS_NAME).append('\n');
        for (int l = 0; l < r.layers(); l++) {
            sb.append(l);
            for (LayerMeasure m : r.measures()) {
                sb.append(',').append(number(m.values()[l]));
            }
            sb.append(',').append(number(r.consensus().scores()[l])).append('\n');
        }
        return sb.toString();
    }

    private static ObjectNode measuresTable(AnalysisResult r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("source", r.source());
        root.put("target", r.target());
        root.put("layers", r.layers());
        root.put("layer_axis", AnalysisPlots.LAYER_AXIS);
        ArrayNode measures = root.putArray("measures");
        for (LayerMeasure m : r.measures()) {
            measures.add(measureNode(m));
        }
        return root;
    }

    private static ObjectNode measureNode(LayerMeasure m) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", m.name());
        n.put("title", m.title());
        n.put("units", m.units());
        n.put("label_use", m.labelUse().code());
        n.put("label_free", m.labelUse().labelFree());
        n.put("analysis_only", m.labelUse().analysisOnly());
        n.put("better", m.better().name().toLowerCase(Locale.ROOT));
        n.set("values", numbers(m.values()));
        return n;
    }

    private static ObjectNode ranking(AnalysisResult r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("rule", "Each measure ranks layers best first: distances lowest first, similarities and UARs highest "
                + "first; NaN last. Anchors are chosen from the consensus only: the mean rank of each layer over the "
                + "label-free distances (" + String.join(", ", labelFreeNames(r)) + "), lower = more similar. "
                + "Measures that read labels are listed for analysis and never take part in the choice.");
        ObjectNode consensus = rankingNode(r.consensus());
        root.set("consensus", consensus);
        root.set("proposed_anchor_layers", JSON.valueToTree(r.proposedAnchorLayers()));
        ObjectNode groups = root.putObject("groups");
        groups.put("formed_from", "linear CKA, " + r.options().groupingCka().name().toLowerCase(Locale.ROOT)
                + " (no labels), k = " + r.options().groupCount());
        groups.set("contiguous", groupsNode(r.contiguousGroups()));
        groups.set("agglomerative", groupsNode(r.clusteredGroups()));
        ArrayNode ranked = groups.putArray("contiguous_ranked_by_consensus");
        for (AnchorSelection.RankedGroup g : r.rankedContiguousGroups()) {
            ObjectNode n = ranked.addObject();
            n.set("layers", JSON.valueToTree(g.layers()));
            n.put("mean_consensus_rank", g.meanRank());
            n.put("within_mean_cka", g.withinMeanSimilarity());
        }
        root.set("proposed_anchor_group", JSON.valueToTree(r.proposedAnchorGroup()));
        ArrayNode all = root.putArray("per_measure");
        for (LayerRanking ranking : r.rankings()) {
            all.add(rankingNode(ranking));
        }
        return root;
    }

    private static ObjectNode rankingNode(LayerRanking ranking) {
        ObjectNode n = JSON.createObjectNode();
        n.put("measure", ranking.measure());
        n.put("label_use", ranking.labelUse().code());
        n.put("label_free", ranking.labelFree());
        n.put("analysis_only", ranking.labelUse().analysisOnly());
        n.put("better", ranking.better().name().toLowerCase(Locale.ROOT));
        n.set("layers_best_first", JSON.valueToTree(ranking.layersBestFirst()));
        n.set("scores_by_layer", numbers(ranking.scores()));
        return n;
    }

    private static ObjectNode groupsNode(LayerGroups g) {
        ObjectNode n = JSON.createObjectNode();
        n.put("method", g.method());
        n.set("groups", JSON.valueToTree(g.groups()));
        n.set("within_mean_cka", numbers(g.withinMeanSimilarity()));
        n.put("cost", g.cost());
        return n;
    }

    private static ObjectNode everything(AnalysisResult r) {
        ObjectNode root = measuresTable(r);
        root.put("dim", r.dim());
        root.set("options", JSON.valueToTree(r.options()));
        root.set("classes", JSON.valueToTree(r.classes()));
        root.set("ranking", ranking(r));
        root.set("cka_source", matrix(r.ckaSource()));
        root.set("cka_target", matrix(r.ckaTarget()));
        root.set("cka_for_grouping", matrix(r.ckaForGrouping()));
        CentroidCosines c = r.analysisOnlyCentroidCosines();
        if (c != null) {
            ObjectNode n = root.putObject("analysis_only_centroid_cosines");
            n.put("label_use", LabelUse.TARGET_LABELS.caption());
            n.put("rows", "source emotion");
            n.put("columns", "target emotion");
            n.set("classes", JSON.valueToTree(c.classes()));
            n.put("plotted_layer", c.chosenLayer());
            ArrayNode layers = n.putArray("per_layer");
            for (double[][] m : c.perLayer()) {
                layers.add(matrix(m));
            }
        }
        ObjectNode seconds = root.putObject("seconds");
        r.secondsByStage().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> seconds.put(e.getKey(), e.getValue()));
        root.set("notes", JSON.valueToTree(r.notes()));
        return root;
    }

    private static List<String> labelFreeNames(AnalysisResult r) {
        return r.labelFreeMeasures().stream().map(LayerMeasure::name).toList();
    }

    private static ArrayNode numbers(double[] values) {
        ArrayNode a = JSON.createArrayNode();
        for (double v : values) {
            if (Double.isFinite(v)) {
                a.add(v);
            } else {
                a.addNull();
            }
        }
        return a;
    }

    private static ArrayNode matrix(double[][] m) {
        ArrayNode a = JSON.createArrayNode();
        for (double[] row : m) {
            a.add(numbers(row));
        }
        return a;
    }

    private static String matrixCsv(double[][] m) {
        StringBuilder sb = new StringBuilder("layer");
        for (int j = 0; j < m.length; j++) {
            sb.append(",layer_").append(j);
        }
        sb.append('\n');
        for (int i = 0; i < m.length; i++) {
            sb.append(i);
            for (double v : m[i]) {
                sb.append(',').append(number(v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String number(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    private static Path writeString(Path p, String s) throws IOException {
        Files.writeString(p, s, StandardCharsets.UTF_8);
        return p;
    }

    private static Path writeJson(Path p, Object node) throws IOException {
        JSON.writeValue(p.toFile(), node);
        return p;
    }
}

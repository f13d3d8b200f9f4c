package org.layeranchor.analysis;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A plain-text summary of an {@link AnalysisResult}, for the console and {@code summary.txt}. */
public final class AnalysisSummary {
    private AnalysisSummary() {
    }

    public static String text(AnalysisResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("Cross-lingual layer analysis\n");
        sb.append("  source: ").append(r.source()).append('\n');
        sb.append("  target: ").append(r.target()).append('\n');
        sb.append("  ").append(r.layers()).append(" layers (0 = conv+positions), vector width ").append(r.dim())
                .append(", ").append(r.options().framePooling().caption()).append("\n\n");
        List<LayerMeasure> ms = r.measures();
        sb.append(String.format(Locale.ROOT, "%-6s", "layer"));
        for (LayerMeasure m : ms) {
            sb.append(String.format(Locale.ROOT, " %12s", shortName(m)));
        }
        sb.append(String.format(Locale.ROOT, " %12s%n", "consensus"));
        for (int l = 0; l < r.layers(); l++) {
            sb.append(String.format(Locale.ROOT, "%-6d", l));
            for (LayerMeasure m : ms) {
                sb.append(String.format(Locale.ROOT, " %12.4g", m.values()[l]));
            }
            sb.append(String.format(Locale.ROOT, " %12.2f%n", r.consensus().scores()[l]));
        }
        sb.append("\nColumns:\n");
        for (LayerMeasure m : ms) {
            sb.append("  ").append(String.format(Locale.ROOT, "%-12s", shortName(m))).append(' ').append(m.name())
                    .append(": ").append(m.markedTitle()).append("; ")
                    .append(m.better() == LayerMeasure.Better.LOWER ? "lower = more similar" : "higher = better")
                    .append('\n');
        }
        sb.append("  consensus    mean rank over the label-free distances (lower = more similar)\n\n");
        sb.append("Consensus ranking (label-free), best first: ")
                .append(Arrays.toString(r.consensus().layersBestFirst())).append('\n');
        sb.append("Proposed anchor layers (LAM): ").append(r.proposedAnchorLayers()).append('\n');
        sb.append("Layer groups, contiguous (CKA): ").append(r.contiguousGroups().groups()).append('\n');
        sb.append("Layer groups, agglomerative (CKA): ").append(r.clusteredGroups().groups()).append('\n');
        sb.append("Proposed anchor group (LAM-GL): ").append(r.proposedAnchorGroup()).append('\n');
        sb.append("\nNotes:\n");
        for (String note : r.notes()) {
            sb.append("  - ").append(note).append('\n');
        }
        return sb.toString();
    }

    /** A column header of at most 12 characters; target-label measures keep a visible "AO:" mark. */
    private static String shortName(LayerMeasure m) {
        String base = switch (m.name()) {
            case CoralDistance.NAME -> "coral";
            case MmdDistance.NAME -> "mmd2";
            case FrechetDistance.NAME -> "frechet";
            case ProxyADistance.NAME -> "pad";
            case CrossLingualAnalysis.SOURCE_PROBE -> "src_probe";
            case CrossLingualAnalysis.TARGET_PROBE -> "tgt_probe";
            case CrossLingualAnalysis.CROSS_PROBE -> "xling_probe";
            case CrossLingualAnalysis.CENTROID_COSINE -> "centroid_cos";
            default -> m.name();
        };
        String marked = m.labelUse().analysisOnly() ? "AO:" + base : base;
        return marked.length() > 12 ? marked.substring(0, 12) : marked;
    }
}

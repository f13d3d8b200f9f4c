package org.layeranchor.evaluation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores of the same experiment over several seeds, each as mean ± std.
 *
 * @param recall per-class recall summaries (a class absent from some seed's truth is left out)
 */
public record MultiSeedResult(List<String> classes, SeedSummary uar, SeedSummary weightedAccuracy,
                              SeedSummary macroF1, Map<String, SeedSummary> recall) {

    /** Aggregates results that share a class set (one per seed). */
    public static MultiSeedResult of(List<EvaluationResult> perSeed) {
        if (perSeed.isEmpty()) {
            throw new IllegalArgumentException("no results to aggregate");
        }
        List<String> classes = perSeed.get(0).classes();
        for (EvaluationResult r : perSeed) {
            if (!r.classes().equals(classes)) {
                throw new IllegalArgumentException("results have different class sets: " + classes + " and " + r.classes());
            }
        }
        Map<String, SeedSummary> recall = new LinkedHashMap<>();
        for (String c : classes) {
            double[] v = perSeed.stream().mapToDouble(r -> r.recall().get(c)).toArray();
            if (java.util.Arrays.stream(v).noneMatch(Double::isNaN)) {
                recall.put(c, SeedSummary.of(v));
            }
        }
        return new MultiSeedResult(classes,
                SeedSummary.of(perSeed.stream().mapToDouble(EvaluationResult::uar).toArray()),
                SeedSummary.of(perSeed.stream().mapToDouble(EvaluationResult::weightedAccuracy).toArray()),
                SeedSummary.of(perSeed.stream().mapToDouble(EvaluationResult::macroF1).toArray()),
                java.util.Collections.unmodifiableMap(recall));
    }

    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("UAR ").append(uar).append('\n');
        sb.append("WA  ").append(weightedAccuracy).append('\n');
        sb.append("F1  ").append(macroF1).append('\n');
        recall.forEach((c, s) -> sb.append("recall ").append(c).append(' ').append(s).append('\n'));
        return sb.toString();
    }
}

package org.layeranchor.training;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.features.FeatureSet;

/**
 * Standardisation of each speaker with that speaker's own unlabelled statistics ({@code standardisation:
 * per-speaker}): every pooled feature of a row is z-scored with the mean and variance of its speaker's
 * utterances (all of them, whatever their emotion), so what is left is how an utterance differs from
 * that speaker's usual voice — the speaker's timbre, microphone and room largely cancel.
 *
 * <p>A speaker with few utterances has noisy statistics, so they are shrunk towards the domain's (the
 * corpus's or the unlabelled target's): with n utterances and shrinkage k,
 * μ = (n·μ_speaker + k·μ_domain) / (n + k) and σ² = (n·σ²_speaker + k·σ²_domain) / (n + k), where
 * σ²_speaker is around the speaker's own mean. A speaker with no utterances in the evidence (an
 * unknown speaker, a row without a speaker id) gets the domain's statistics: per-domain
 * standardisation, the degenerate case.
 *
 * <p>Why this is not always right: where a corpus's speakers each carry one emotion (the URDU corpus's
 * talk-show speakers), a speaker's mean <em>is</em> that emotion, and subtracting it removes the signal.
 * {@link SpeakerConfound} decides from source labels, and label-free for a target, whether to use it.
 *
 * <p>Speakers are keyed by corpus and speaker id, so two corpora that both have a speaker "03" are not
 * mixed. The statistics are computed in double precision; the output is float, as the features are.
 *
 * @param domainMean [layer][2·dim] the domain's mean of [mean ‖ std]
 * @param domainVar  [layer][2·dim] the domain's population variance
 * @param shrinkage  k, in utterances (0 = each speaker's own statistics only)
 */
public record SpeakerStandardisation(double[][] domainMean, double[][] domainVar, double shrinkage) {
    /** Variances below this count as constant features, left unscaled (as {@link FeatureNormalizer} does). */
    static final double MIN_VAR = 1e-12;

    public SpeakerStandardisation {
        if (!(shrinkage >= 0) || Double.isInfinite(shrinkage)) {
            throw new IllegalArgumentException("speaker shrinkage must be finite and >= 0, got " + shrinkage);
        }
    }

    /** The domain statistics of {@code domain}'s rows (unlabelled: no label is read). */
    public static SpeakerStandardisation fit(FeatureSet domain, double shrinkage) {
        if (domain.rows() < 2) {
            throw new IllegalArgumentException("per-speaker standardisation needs at least 2 utterances of the domain, got "
                    + domain.rows());
        }
        Moments m = Moments.of(domain, allRows(domain.rows()));
        return new SpeakerStandardisation(m.mean, m.var, shrinkage);
    }

    /** As {@link #fit(FeatureSet, double)} from bare arrays ([layer][row][dim]): the domain's statistics only. */
    public static SpeakerStandardisation fit(float[][][] mean, float[][][] std, double shrinkage) {
        int rows = mean.length == 0 ? 0 : mean[0].length;
        List<Utterance> none = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            none.add(new Utterance("", java.nio.file.Path.of(""), "row" + i, "", "", "", "", "", Double.NaN, Map.of(), 0));
        }
        return fit(new FeatureSet(none, mean, std), shrinkage);
    }

    /** The speaker key of a row: corpus and speaker id, or null when the row has no speaker. */
    public static String speakerOf(Utterance u) {
        return u.speaker() == null || u.speaker().isEmpty() ? null : u.corpus() + "/" + u.speaker();
    }

    /** Rows grouped by speaker key (rows without a speaker are left out), in first-seen order. */
    public static Map<String, int[]> rowsBySpeaker(List<Utterance> rows) {
        Map<String, List<Integer>> by = new java.util.LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            String s = speakerOf(rows.get(i));
            if (s != null) {
                by.computeIfAbsent(s, x -> new ArrayList<>()).add(i);
            }
        }
        Map<String, int[]> out = new java.util.LinkedHashMap<>();
        by.forEach((k, v) -> out.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        return out;
    }

    /**
     * Each speaker's statistics from {@code evidence}'s rows (unlabelled: all of a speaker's utterances,
     * whatever their emotion), shrunk towards the domain's.
     */
    public Map<String, Moments> speakerStatistics(FeatureSet evidence) {
        if (evidence.rows() > 0 && (evidence.layers() != domainMean.length || 2 * evidence.dim() != domainMean[0].length)) {
            throw new IllegalArgumentException("speaker evidence has " + evidence.layers() + " layers of dim " + evidence.dim()
                    + ", the speaker statistics " + domainMean.length + " of dim " + domainMean[0].length / 2
                    + ": not from the same encoder");
        }
        Map<String, Moments> out = new HashMap<>();
        for (Map.Entry<String, int[]> e : rowsBySpeaker(evidence.utterances()).entrySet()) {
            out.put(e.getKey(), shrunk(Moments.of(evidence, e.getValue())));
        }
        return out;
    }

    private Moments shrunk(Moments speaker) {
        double n = speaker.count;
        double[][] mean = new double[domainMean.length][];
        double[][] var = new double[domainMean.length][];
        for (int l = 0; l < domainMean.length; l++) {
            int w = domainMean[l].length;
            mean[l] = new double[w];
            var[l] = new double[w];
            for (int k = 0; k < w; k++) {
                mean[l][k] = (n * speaker.mean[l][k] + shrinkage * domainMean[l][k]) / (n + shrinkage);
                var[l][k] = (n * speaker.var[l][k] + shrinkage * domainVar[l][k]) / (n + shrinkage);
            }
        }
        return new Moments(speaker.count, mean, var);
    }

    /**
     * {@code rows} standardised each with its speaker's statistics from {@code evidence} (shrunk), or
     * with the domain's where {@code evidence} has none of that speaker. Utterances (labels included)
     * are kept as they are: only features change.
     */
    public FeatureSet apply(FeatureSet rows, FeatureSet evidence) {
        return apply(rows, speakerStatistics(evidence));
    }

    /** As {@link #apply(FeatureSet, FeatureSet)} with statistics already computed. */
    public FeatureSet apply(FeatureSet rows, Map<String, Moments> speakers) {
        int layers = rows.layers();
        if (layers != domainMean.length) {
            throw new IllegalArgumentException("features have " + layers + " layers, the speaker statistics "
                    + domainMean.length);
        }
        Moments domain = new Moments(0, domainMean, domainVar);
        float[][][] mean = new float[layers][rows.rows()][];
        float[][][] std = new float[layers][rows.rows()][];
        for (int i = 0; i < rows.rows(); i++) {
            String s = speakerOf(rows.utterances().get(i));
            Moments m = s == null ? domain : speakers.getOrDefault(s, domain);
            for (int l = 0; l < layers; l++) {
                mean[l][i] = standardise(rows.mean()[l][i], m.mean[l], m.var[l], 0);
                std[l][i] = standardise(rows.std()[l][i], m.mean[l], m.var[l], rows.dim());
            }
        }
        return new FeatureSet(rows.utterances(), mean, std);
    }

    /** Every row standardised with the domain's statistics ([0] mean, [1] std, each [layer][row][dim]). */
    public float[][][][] applyDomain(float[][][] mean, float[][][] std) {
        float[][][] m = new float[mean.length][][];
        float[][][] s = new float[std.length][][];
        int dim = mean.length == 0 || mean[0].length == 0 ? 0 : mean[0][0].length;
        for (int l = 0; l < mean.length; l++) {
            m[l] = new float[mean[l].length][];
            s[l] = new float[std[l].length][];
            for (int i = 0; i < mean[l].length; i++) {
                m[l][i] = standardise(mean[l][i], domainMean[l], domainVar[l], 0);
                s[l][i] = standardise(std[l][i], domainMean[l], domainVar[l], dim);
            }
        }
        return new float[][][][] {m, s};
    }

    private static float[] standardise(float[] x, double[] mean, double[] var, int offset) {
        float[] out = new float[x.length];
        for (int k = 0; k < x.length; k++) {
            double v = var[offset + k];
            double sd = v < MIN_VAR ? 1 : Math.sqrt(v);
            out[k] = (float) ((x[k] - mean[offset + k]) / sd);
        }
        return out;
    }

    private static int[] allRows(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /**
     * Count, mean and population variance of [mean ‖ std] per layer over some rows.
     *
     * @param mean [layer][2·dim]
     * @param var  [layer][2·dim]
     */
    public record Moments(int count, double[][] mean, double[][] var) {
        static Moments of(FeatureSet set, int[] rows) {
            int layers = set.layers();
            int dim = set.dim();
            double[][] mean = new double[layers][2 * dim];
            double[][] var = new double[layers][2 * dim];
            for (int l = 0; l < layers; l++) {
                for (int r : rows) {
                    add(set.mean()[l][r], mean[l], 0);
                    add(set.std()[l][r], mean[l], dim);
                }
                for (int k = 0; k < 2 * dim; k++) {
                    mean[l][k] /= rows.length;
                }
                // Second pass around the mean: no cancellation.
                for (int r : rows) {
                    addSquare(set.mean()[l][r], mean[l], var[l], 0);
                    addSquare(set.std()[l][r], mean[l], var[l], dim);
                }
                for (int k = 0; k < 2 * dim; k++) {
                    var[l][k] /= rows.length;
                }
            }
            return new Moments(rows.length, mean, var);
        }

        private static void add(float[] x, double[] sum, int offset) {
            for (int k = 0; k < x.length; k++) {
                sum[offset + k] += x[k];
            }
        }

        private static void addSquare(float[] x, double[] mean, double[] sq, int offset) {
            for (int k = 0; k < x.length; k++) {
                double d = x[k] - mean[offset + k];
                sq[offset + k] += d * d;
            }
        }
    }
}

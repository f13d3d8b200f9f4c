package org.layeranchor.experiment;

import java.util.ArrayList;
import java.util.List;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.features.FeatureSet;
import org.layeranchor.training.FeatureNormalizer;

/**
 * Several labelled source corpora as one: each is first standardised with its <em>own</em> statistics
 * (per layer and feature, over its rows), so that no corpus's channel dominates, then their rows are
 * concatenated. Every row keeps its utterance (corpus, language, speaker), so speaker-disjoint
 * validation stays within each corpus. Per-domain standardisation of the pooled set afterwards is
 * then close to the identity, and CORAL aligns the pooled, standardised sources with the target.
 */
public final class MultiSourceFeatures {
    private MultiSourceFeatures() {
    }

    public static FeatureSet pool(List<FeatureSet> sources) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no source corpora to pool");
        }
        int layers = sources.get(0).layers();
        int dim = sources.get(0).dim();
        int rows = 0;
        for (FeatureSet s : sources) {
            if (s.layers() != layers || s.dim() != dim) {
                throw new IllegalArgumentException("source corpora from different encoders: " + layers + " layers of dim "
                        + dim + " and " + s.layers() + " of dim " + s.dim());
            }
            if (s.rows() < 2) {
                throw new IllegalArgumentException("a source corpus needs at least 2 labelled utterances to be "
                        + "standardised, one has " + s.rows());
            }
            rows += s.rows();
        }
        float[][][] mean = new float[layers][rows][];
        float[][][] std = new float[layers][rows][];
        List<Utterance> utterances = new ArrayList<>(rows);
        int at = 0;
        for (FeatureSet s : sources) {
            for (int l = 0; l < layers; l++) {
                standardise(s.mean()[l], mean[l], at);
                standardise(s.std()[l], std[l], at);
            }
            utterances.addAll(s.utterances());
            at += s.rows();
        }
        return new FeatureSet(utterances, mean, std);
    }

    /**
     * The statistics a model trained on {@link #pool}ed sources keeps when it has no target: each
     * source's own statistics (every layer, [mean ‖ std]), mixed with equal weights
     * ({@link FeatureNormalizer#equalWeightMixture}), as each source counts the same in the pool.
     */
    public static FeatureNormalizer equalWeightStatistics(List<FeatureSet> sources) {
        List<FeatureNormalizer> each = new ArrayList<>();
        for (FeatureSet s : sources) {
            int[] rows = java.util.stream.IntStream.range(0, s.rows()).toArray();
            int[] layers = java.util.stream.IntStream.range(0, s.layers()).toArray();
            each.add(FeatureNormalizer.fit(s.mean(), s.std(), rows, layers));
        }
        return FeatureNormalizer.equalWeightMixture(each);
    }

    /** z-scores {@code in}'s rows per feature (population std; constant features only centred) into out[at…]. */
    private static void standardise(float[][] in, float[][] out, int at) {
        int d = in[0].length;
        double[] m = new double[d];
        double[] v = new double[d];
        for (float[] row : in) {
            for (int k = 0; k < d; k++) {
                m[k] += row[k];
            }
        }
        for (int k = 0; k < d; k++) {
            m[k] /= in.length;
        }
        for (float[] row : in) {
            for (int k = 0; k < d; k++) {
                double c = row[k] - m[k];
                v[k] += c * c;
            }
        }
        for (int k = 0; k < d; k++) {
            double sd = Math.sqrt(v[k] / in.length);
            v[k] = sd < 1e-6 ? 1 : sd;
        }
        for (int i = 0; i < in.length; i++) {
            float[] o = new float[d];
            for (int k = 0; k < d; k++) {
                o[k] = (float) ((in[i][k] - m[k]) / v[k]);
            }
            out[at + i] = o;
        }
    }
}

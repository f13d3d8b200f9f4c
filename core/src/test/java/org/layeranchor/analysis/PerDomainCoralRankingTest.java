package org.layeranchor.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.features.FeatureSet;
import org.layeranchor.testing.FeatureSets;

class PerDomainCoralRankingTest {
    /**
     * Layer 0: the target is the source's distribution with every dimension scaled and shifted, which
     * per-domain standardisation removes entirely. Layer 1: the target mixes its dimensions (another
     * correlation structure), which standardisation cannot remove. Layer 2: a milder mixing. The
     * ranking must be [0, 2, 1], and layer 0's distance only sampling noise.
     */
    @Test
    void offsetsAndScalesDoNotCountCorrelationStructureDoes() {
        int dim = 3;
        int n = 4000;
        FeatureSet source = sample(n, dim, new double[] {1, 0, 0}, 1, false);
        FeatureSet target = sample(n, dim, new double[] {1, 0.9, 0.4}, 2, true);
        PerDomainCoralRanking.Result r = PerDomainCoralRanking.rank(source, target);
        assertArrayEquals(new int[] {0, 2, 1}, r.ranking());
        assertTrue(r.distances()[0] < 1e-3, "scale and offset only: " + r.distances()[0]);
        assertEquals(3, r.distances().length);
    }

    /**
     * The definition, computed the plain way: each language's rows standardised with its own statistics
     * (a copy), then {@link CoralDistance} of the two. The ranking standardises and centres its own copy in
     * place instead (one copy alive, not three): the distances must be the same bits.
     */
    @Test
    void distancesAreTheCoralDistanceOfEachLanguageStandardisedWithItsOwnStatistics() {
        FeatureSet source = sample(700, 5, new double[] {1, 0.5, 0.2}, 11, false);
        FeatureSet target = sample(300, 5, new double[] {1, 0.9, 0.4}, 12, true);
        double[] ranked = PerDomainCoralRanking.rank(source, target).distances();
        for (int l = 0; l < 3; l++) {
            int[] s = java.util.stream.IntStream.range(0, source.rows()).toArray();
            int[] t = java.util.stream.IntStream.range(0, target.rows()).toArray();
            double[][] xs = LayerVectors.of(source, l, UtteranceVector.MEAN_AND_STD, s);
            double[][] xt = LayerVectors.of(target, l, UtteranceVector.MEAN_AND_STD, t);
            double expected = new CoralDistance().distance(org.layeranchor.numeric.Standardiser.fitPooled(xs).apply(xs),
                    org.layeranchor.numeric.Standardiser.fitPooled(xt).apply(xt));
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(ranked[l]), "layer " + l);
        }
    }

    /**
     * A pair ranked before is answered from memory with the same bits; features that differ in one
     * value are a new pair, ranked afresh.
     */
    @Test
    void aPairRankedBeforeGivesTheSameBitsAndChangedFeaturesAreRankedAgain() {
        FeatureSet source = sample(400, 4, new double[] {1, 0.5, 0.2}, 21, false);
        FeatureSet target = sample(300, 4, new double[] {1, 0.9, 0.4}, 22, true);
        double[] first = PerDomainCoralRanking.rank(source, target).distances();
        int remembered = PerDomainCoralRanking.rankedPairsRemembered();
        double[] again = PerDomainCoralRanking.rank(source, target).distances();
        assertEquals(remembered, PerDomainCoralRanking.rankedPairsRemembered(), "answered from memory");
        for (int l = 0; l < first.length; l++) {
            assertEquals(Double.doubleToLongBits(first[l]), Double.doubleToLongBits(again[l]), "layer " + l);
        }
        again[0] = -1; // a caller's copy: changing it changes nothing remembered
        assertEquals(first[0], PerDomainCoralRanking.rank(source, target).distances()[0]);

        float[][][] mean = new float[source.layers()][][];
        for (int l = 0; l < mean.length; l++) {
            mean[l] = new float[source.rows()][];
            for (int i = 0; i < source.rows(); i++) {
                mean[l][i] = source.mean()[l][i].clone();
            }
        }
        mean[2][17][3] += 5f; // one value of layer 2
        FeatureSet changed = new FeatureSet(source.utterances(), mean, source.std());
        assertTrue(PerDomainCoralRanking.fingerprint(changed) != PerDomainCoralRanking.fingerprint(source));
        double[] fresh = PerDomainCoralRanking.rank(changed, target).distances();
        assertEquals(remembered + 1, PerDomainCoralRanking.rankedPairsRemembered());
        assertEquals(first[0], fresh[0], 0.0, "layer 0 is unchanged");
        assertTrue(fresh[2] != first[2], "layer 2 is ranked on the changed values");
    }

    /**
     * Two source languages, one close to the target at layer 1 and one far from it: per source, each
     * language's own distance is computed and the two are averaged (so the small corpus weighs as
     * much as the large one); pooled, one covariance of the mixture is compared. With one corpus the
     * two rankings are the same computation.
     */
    @Test
    void perSourceDistancesAreTheMeanOfEachSourcesOwn() {
        FeatureSet near = sample("near", 1500, 3, new double[] {0, 0.8, 0}, 3, false);
        FeatureSet far = sample("far", 500, 3, new double[] {0, 0, 0.8}, 4, false);
        FeatureSet target = sample("t", 1500, 3, new double[] {0, 0.8, 0}, 5, false);
        FeatureSet both = FeatureSets.concat(near, far);
        PerDomainCoralRanking.Result perSource = PerDomainCoralRanking.rankPerSource(both, target);
        double[] a = PerDomainCoralRanking.rank(near, target).distances();
        double[] b = PerDomainCoralRanking.rank(far, target).distances();
        for (int l = 0; l < 3; l++) {
            assertEquals((a[l] + b[l]) / 2, perSource.distances()[l], 1e-12);
        }
        double[] pooled = PerDomainCoralRanking.rank(both, target).distances();
        assertTrue(Math.abs(pooled[2] - perSource.distances()[2]) > 1e-3, "pooled and per-source must differ here");
        assertArrayEquals(PerDomainCoralRanking.rank(near, target).distances(),
                PerDomainCoralRanking.rankPerSource(near, target).distances());
    }

    /**
     * Ranked on the means alone, the std half is not read: at layer 0 the languages' means agree and only
     * their standard deviations are mixed differently, at layers 1 and 2 the means are mixed differently
     * (1 more than 2) and the standard deviations agree. On [mean ‖ std] layer 0 is the worse; on the means it is the best, with a
     * distance that is sampling noise, and each distance is the definition's on the mean vectors. The two
     * readings of one pair are two answers, never one remembered for the other.
     */
    @Test
    void onTheMeansAloneOnlyTheMeansCount() {
        FeatureSet source = meansAndStds(3000, 4, new double[] {0, 0, 0}, new double[] {0, 0, 0}, 31);
        FeatureSet target = meansAndStds(3000, 4, new double[] {0, 0.6, 0.3}, new double[] {1.5, 0, 0}, 32);
        PerDomainCoralRanking.Result both = PerDomainCoralRanking.rank(source, target, UtteranceVector.MEAN_AND_STD);
        PerDomainCoralRanking.Result means = PerDomainCoralRanking.rank(source, target, UtteranceVector.MEAN);
        assertTrue(both.distances()[0] > both.distances()[1], Arrays.toString(both.distances()));
        assertArrayEquals(new int[] {0, 2, 1}, means.ranking(), Arrays.toString(means.distances()));
        assertTrue(means.distances()[0] < 1e-3 && means.distances()[2] > 10 * means.distances()[0],
                Arrays.toString(means.distances()));
        int[] s = java.util.stream.IntStream.range(0, source.rows()).toArray();
        int[] t = java.util.stream.IntStream.range(0, target.rows()).toArray();
        for (int l = 0; l < 3; l++) {
            double[][] xs = LayerVectors.of(source, l, UtteranceVector.MEAN, s);
            double[][] xt = LayerVectors.of(target, l, UtteranceVector.MEAN, t);
            assertEquals(4, xs[0].length);
            double expected = new CoralDistance().distance(org.layeranchor.numeric.Standardiser.fitPooled(xs).apply(xs),
                    org.layeranchor.numeric.Standardiser.fitPooled(xt).apply(xt));
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(means.distances()[l]), "layer " + l);
        }
        assertArrayEquals(both.distances(), PerDomainCoralRanking.rank(source, target).distances(), 0.0,
                "the two-argument ranking reads [mean ‖ std]");
        assertArrayEquals(means.distances(), PerDomainCoralRanking.rankPerSource(source, target, UtteranceVector.MEAN).distances(),
                0.0, "one source: the same computation");
    }

    /**
     * Rows of 3 layers, standard normal means and standard deviations around 1, except that at layer l the
     * means are z + meanMixing[l] · (z shifted by one dimension) and the standard deviations
     * 1 + 0.3 · (w + stdMixing[l] · (w shifted)).
     */
    private static FeatureSet meansAndStds(int n, int dim, double[] meanMixing, double[] stdMixing, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][][] mean = new float[3][n][dim];
        float[][][] std = new float[3][n][dim];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < 3; l++) {
                double[] z = new double[dim];
                double[] w = new double[dim];
                for (int k = 0; k < dim; k++) {
                    z[k] = gaussian(r);
                    w[k] = gaussian(r);
                }
                for (int k = 0; k < dim; k++) {
                    mean[l][i][k] = (float) mixed(z, meanMixing[l], k);
                    std[l][i][k] = (float) (1 + 0.3 * mixed(w, stdMixing[l], k));
                }
            }
        }
        return new FeatureSet(rows("c", n), mean, std);
    }

    /**
     * Rows of 3 layers; at layer l, the mean features are z + mixing[l] · (z shifted by one dimension),
     * z standard normal; the target's layer 0 is additionally scaled by 5 and offset by 3.
     */
    private static FeatureSet sample(int n, int dim, double[] mixing, long seed, boolean distortLayerZero) {
        return sample("c", n, dim, mixing, seed, distortLayerZero);
    }

    private static FeatureSet sample(String corpus, int n, int dim, double[] mixing, long seed, boolean distortLayerZero) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][][] mean = new float[3][n][dim];
        float[][][] std = new float[3][n][dim];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < 3; l++) {
                double[] z = new double[dim];
                for (int k = 0; k < dim; k++) {
                    z[k] = gaussian(r);
                }
                for (int k = 0; k < dim; k++) {
                    double v = mixed(z, mixing[l], k);
                    if (l == 0 && distortLayerZero) {
                        v = 5 * v + 3;
                    }
                    mean[l][i][k] = (float) v;
                    std[l][i][k] = (float) (1 + 0.1 * gaussian(r));
                }
            }
        }
        return new FeatureSet(rows(corpus, n), mean, std);
    }

    /** z_k + a · z_(k+1 mod d): dimension k mixed with the next one. */
    private static double mixed(double[] z, double a, int k) {
        return z[k] + a * z[(k + 1) % z.length];
    }

    /** n unlabelled utterances of one corpus, five speakers. */
    private static List<Utterance> rows(String corpus, int n) {
        List<Utterance> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new Utterance(corpus, Path.of(""), "u" + i + ".wav", "s" + (i % 5), "", "", "xx", "", 1.0, Map.of(), i + 2));
        }
        return rows;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}

package org.layeranchor.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.features.FeatureSet;
import org.layeranchor.training.EncoderIdentity;
import org.layeranchor.training.FeatureNormalizer;
import org.layeranchor.training.ModelDescription;
import org.layeranchor.training.Strategy;
import org.layeranchor.training.TrainedModel;
import org.layeranchor.training.TrainingConfig;
import org.layeranchor.training.UnlabelledFeatures;

/**
 * A model trained for no language in particular (the default model's recipe): it keeps its sources'
 * own statistics, mixed with equal weights, and is pointed at a new domain by re-estimating them from
 * that domain's unlabelled rows.
 */
class ModelWithoutTargetTest {
    private static final List<String> CLASSES = List.of("neutral", "happy", "sad", "angry");
    private static final EncoderIdentity ENCODER = EncoderIdentity.of(Map.of("family", "synthetic", "weights", "w1"));
    private static final int LAYERS = 2;
    private static final int DIM = 6;

    /**
     * Rows whose class moves the first four features (one each), in a domain that shifts the features (the
     * first by {@code offset}, the others by a quarter of it) and stretches them by {@code stretch}: the corpus, microphone and language effects that
     * per-domain standardisation removes.
     */
    private static FeatureSet domain(String name, int perClass, double offset, double stretch, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = perClass * CLASSES.size();
        float[][][] mean = new float[LAYERS][n][DIM];
        float[][][] std = new float[LAYERS][n][DIM];
        List<Utterance> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int c = i % CLASSES.size();
            for (int l = 0; l < LAYERS; l++) {
                for (int k = 0; k < DIM; k++) {
                    double signal = k == c ? 2.5 : 0;
                    // The shift is largest on the first class's feature, so an unadapted model sees that class everywhere.
                    double shift = k == 0 ? offset : offset / 4;
                    mean[l][i][k] = (float) (shift + stretch * (signal + 0.6 * gaussian(r)));
                    std[l][i][k] = (float) (1 + 0.1 * r.nextDouble());
                }
            }
            rows.add(new Utterance(name, Path.of(""), "u" + i + ".wav", name + "-s" + (i % 5), "", CLASSES.get(c), name, "",
                    1.0, Map.of(), i + 2));
        }
        return new FeatureSet(rows, mean, std);
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static TrainingConfig recipe() {
        return TrainingConfig.defaults().withClasses(CLASSES).withStrategy(Strategy.WEIGHTED_SUM);
    }

    @Test
    void keepsTheEqualWeightMixtureOfItsSourcesStatistics() {
        List<FeatureSet> sources = List.of(domain("a", 30, 0, 1, 1), domain("b", 10, 4, 2, 2), domain("c", 20, -3, 0.5, 3));
        TrainedModel m = AdaptationPaths.trainWithoutTarget(recipe(), sources, ENCODER);
        assertEquals(ModelDescription.STANDARDISED_WITH_SOURCES, m.description().standardisedWith());
        assertTrue(m.description().adaptable());

        FeatureNormalizer stored = m.normalizer();
        for (int b = 0; b < stored.layers().length; b++) {
            int layer = stored.layers()[b];
            for (int k = 0; k < DIM; k++) {
                // Each corpus counts once whatever its size: the centre is the mean of the three corpus means.
                double expected = 0;
                for (FeatureSet s : sources) {
                    double sum = 0;
                    for (float[] row : s.mean()[layer]) {
                        sum += row[k];
                    }
                    expected += sum / s.rows() / sources.size();
                }
                assertEquals(expected, stored.centre()[b][k], 1e-4, "layer " + layer + " feature " + k);
            }
        }
    }

    @Test
    void aShiftedDomainNeedsItsStatisticsReEstimatedFromUnlabelledRows() {
        List<FeatureSet> sources = List.of(domain("a", 40, 0, 1, 1), domain("b", 40, 3, 1.5, 2), domain("c", 40, -2, 0.8, 3));
        TrainedModel m = AdaptationPaths.trainWithoutTarget(recipe(), sources, ENCODER);
        FeatureSet far = domain("far", 40, 30, 1.5, 9);

        double none = m.evaluate(far).uar();
        TrainedModel adapted = m.adaptedTo(UnlabelledFeatures.withoutLabels(far));
        double afterAdapting = adapted.evaluate(far).uar();
        assertTrue(none < 0.5, "a domain far from every source is not recognised as it is: UAR " + none);
        assertTrue(afterAdapting > 0.9, "re-estimated statistics bring it back: UAR " + afterAdapting);
        assertEquals(ModelDescription.STANDARDISED_WITH_TARGET, adapted.description().standardisedWith());

        FeatureSet near = domain("near", 40, 1, 1.1, 11); // close to the sources' mixture: fine as it is
        assertTrue(m.evaluate(near).uar() > 0.85, "UAR " + m.evaluate(near).uar());
    }

    @Test
    void strategiesThatAlignWithATargetAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AdaptationPaths.trainWithoutTarget(
                recipe().withStrategy(Strategy.LAM), List.of(domain("a", 5, 0, 1, 1), domain("b", 5, 0, 1, 2)), ENCODER));
        assertTrue(e.getMessage().contains("needs a target"), e.getMessage());
    }

    @Test
    void equalWeightMixtureOfTwoDomainsIsThePooledStatisticsOfEqualHalves() {
        FeatureNormalizer a = new FeatureNormalizer(new int[] {0}, new float[][] {{0f, 10f}}, new float[][] {{1f, 2f}});
        FeatureNormalizer b = new FeatureNormalizer(new int[] {0}, new float[][] {{4f, 10f}}, new float[][] {{3f, 2f}});
        FeatureNormalizer mix = FeatureNormalizer.equalWeightMixture(List.of(a, b));
        assertEquals(2f, mix.centre()[0][0], 1e-6);
        assertEquals(10f, mix.centre()[0][1], 1e-6);
        // variance = mean of (1, 9) + mean of squared offsets (4, 4) = 5 + 4 = 9
        assertEquals(3f, mix.scale()[0][0], 1e-6);
        assertEquals(2f, mix.scale()[0][1], 1e-6);
    }
}

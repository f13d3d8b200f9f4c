package org.layeranchor.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.features.FeatureSet;

/**
 * Utterance-level features with a known emotion structure, for training tests.
 *
 * <p>Each class c has a mean μ_{l,c} per layer l (shared by every "language" built from the same
 * structure seed), scaled by the layer's informativeness; a row is μ_{l,y} + N(0, 1) noise in its
 * mean features and 1 + 0.1·N(0, 1) + a smaller class signal in its std features. A covariance shift
 * multiplies one layer's features (mean and std parts) by per-dimension factors and adds an offset
 * after generation: the emotion structure is intact, but a classifier standardised on the source
 * sees it distorted.
 */
final class SyntheticCorpus {
    static final List<String> CLASSES = List.of("angry", "happy", "neutral", "sad");

    private final int layers;
    private final int dim;
    private final double[][][] classMeans; // [layer][class][dim]

    /**
     * @param informativeness per layer, the scale of the class means (0 = pure noise)
     */
    SyntheticCorpus(int dim, double[] informativeness, long structureSeed) {
        this.layers = informativeness.length;
        this.dim = dim;
        SplittableRandom r = new SplittableRandom(structureSeed);
        classMeans = new double[layers][CLASSES.size()][dim];
        for (int l = 0; l < layers; l++) {
            for (int c = 0; c < CLASSES.size(); c++) {
                // Only the first half of the dimensions carries emotion; the rest is noise.
                for (int k = 0; k < dim / 2; k++) {
                    classMeans[l][c][k] = informativeness[l] * gaussian(r);
                }
            }
        }
    }

    /** {@code rows} utterances from {@code speakers} speakers, classes cycling with a skew toward neutral. */
    FeatureSet sample(String corpus, String language, int rows, int speakers, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Utterance> utts = new ArrayList<>(rows);
        float[][][] mean = new float[layers][rows][dim];
        float[][][] std = new float[layers][rows][dim];
        for (int i = 0; i < rows; i++) {
            // Imbalanced on purpose (neutral ≈ 40 %), as emotional corpora are.
            int c = r.nextDouble() < 0.4 ? CLASSES.indexOf("neutral") : r.nextInt(CLASSES.size());
            String speaker = speakers == 0 ? "" : "spk" + (i % speakers);
            utts.add(new Utterance(corpus, Path.of("/synthetic/" + corpus), "u" + i + ".wav", speaker, "",
                    CLASSES.get(c), language, "", Double.NaN, Map.of(), i + 2));
            for (int l = 0; l < layers; l++) {
                for (int k = 0; k < dim; k++) {
                    mean[l][i][k] = (float) (classMeans[l][c][k] + gaussian(r));
                    std[l][i][k] = (float) (1 + 0.1 * gaussian(r) + 0.3 * classMeans[l][c][(k + 1) % dim]);
                }
            }
        }
        return new FeatureSet(utts, mean, std);
    }

    /** x ← factor_k · x + offset_k at {@code layer}, with log-normal factors of spread {@code strength}. */
    static void shiftCovariance(FeatureSet set, int layer, double strength, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int dim = set.dim();
        double[] meanFactor = new double[dim];
        double[] stdFactor = new double[dim];
        double[] offset = new double[dim];
        for (int k = 0; k < dim; k++) {
            meanFactor[k] = Math.exp(strength * gaussian(r));
            stdFactor[k] = Math.exp(strength * gaussian(r));
            offset[k] = strength * gaussian(r);
        }
        for (int i = 0; i < set.rows(); i++) {
            float[] m = set.mean()[layer][i];
            float[] s = set.std()[layer][i];
            for (int k = 0; k < dim; k++) {
                m[k] = (float) (meanFactor[k] * m[k] + offset[k]);
                s[k] = (float) (stdFactor[k] * s[k]);
            }
        }
    }

    /**
     * A pure covariance shift: the noise-only dimensions (second half) of {@code layer} are scaled
     * by {@code factor} around their mean, as extra speaker, channel or language variance would;
     * class means and the emotion-carrying dimensions stay as they are.
     */
    static void inflateNuisance(FeatureSet set, int layer, double factor) {
        int dim = set.dim();
        for (int k = dim / 2; k < dim; k++) {
            double m = 0;
            double s = 0;
            for (int i = 0; i < set.rows(); i++) {
                m += set.mean()[layer][i][k];
                s += set.std()[layer][i][k];
            }
            m /= set.rows();
            s /= set.rows();
            for (int i = 0; i < set.rows(); i++) {
                set.mean()[layer][i][k] = (float) (m + factor * (set.mean()[layer][i][k] - m));
                set.std()[layer][i][k] = (float) (s + factor * (set.std()[layer][i][k] - s));
            }
        }
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}

package org.layeranchor.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.features.FeatureSet;

/**
 * Feature sets shaped like one language pair of a 7-layer, 512-dim encoder, with known structure:
 * layer l of the shifted language moves away from the other by {@code languageShift[l]}: its latent mean
 * along a fixed direction and its latent variance on half of the latent axes (so that covariance-based
 * measures see the shift too); layers in the same block share a latent basis (so CKA is block-structured); every
 * utterance carries an emotion direction and a speaker offset.
 */
final class SyntheticFeatures {
    static final List<String> EMOTIONS = List.of("angry", "happy", "neutral", "sad");

    private SyntheticFeatures() {
    }

    static FeatureSet make(String corpus, String language, int rows, int speakers, int dim, int[] blockOfLayer,
                           double[] languageShift, boolean shifted, long seed) {
        int layers = blockOfLayer.length;
        int latent = 24;
        Random basisRandom = new Random(99); // bases and directions shared by both languages
        int blocks = 0;
        for (int b : blockOfLayer) {
            blocks = Math.max(blocks, b + 1);
        }
        double[][][] basis = new double[blocks][latent][dim];
        for (double[][] bb : basis) {
            fill(bb, basisRandom, 1.0 / Math.sqrt(latent));
        }
        double[] shiftDirection = new double[latent];
        for (int k = 0; k < latent; k++) {
            shiftDirection[k] = basisRandom.nextGaussian() / Math.sqrt(latent);
        }
        double[][] emotionDirection = new double[EMOTIONS.size()][latent];
        fill(emotionDirection, basisRandom, 1.0);

        Random r = new Random(seed);
        double[][] speakerOffset = new double[speakers][latent];
        fill(speakerOffset, r, 0.5);
        List<Utterance> utterances = new ArrayList<>();
        float[][][] mean = new float[layers][rows][dim];
        float[][][] std = new float[layers][rows][dim];
        for (int i = 0; i < rows; i++) {
            int emotion = i % EMOTIONS.size();
            int speaker = (i / EMOTIONS.size()) % speakers;
            utterances.add(new Utterance(corpus, Path.of("/nowhere/" + corpus), "u" + i + ".flac", "spk" + speaker, "",
                    EMOTIONS.get(emotion), language, "", 2.0, Map.of(), i + 2));
            double[] z = new double[latent];
            for (int k = 0; k < latent; k++) {
                z[k] = r.nextGaussian() + 1.5 * emotionDirection[emotion][k] + speakerOffset[speaker][k];
            }
            double[] extra = new double[latent]; // one draw per utterance, shared by its layers
            for (int k = 0; k < latent; k += 2) {
                extra[k] = r.nextGaussian();
            }
            for (int l = 0; l < layers; l++) {
                double[][] b = basis[blockOfLayer[l]];
                double[] zl = z.clone();
                if (shifted) {
                    for (int k = 0; k < latent; k++) {
                        zl[k] += languageShift[l] * (shiftDirection[k] + extra[k]);
                    }
                }
                for (int j = 0; j < dim; j++) {
                    double v = 0.3 * r.nextGaussian();
                    for (int k = 0; k < latent; k++) {
                        v += zl[k] * b[k][j];
                    }
                    mean[l][i][j] = (float) (v * (l + 1)); // layers of different scale
                    std[l][i][j] = (float) Math.abs(0.5 + 0.1 * r.nextGaussian());
                }
            }
        }
        return new FeatureSet(utterances, mean, std);
    }

    private static void fill(double[][] m, Random r, double scale) {
        for (double[] row : m) {
            for (int j = 0; j < row.length; j++) {
                row[j] = scale * r.nextGaussian();
            }
        }
    }
}

package org.layeranchor.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.layeranchor.analysis.classify.LogisticRegression;

class LabelUsingMeasuresTest {
    private static final List<String> CLASSES = List.of("angry", "happy", "neutral", "sad");

    /** Rows = language offset + class direction (one axis per class) + noise. */
    private static double[][] rows(int[] y, double offset, double signal, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[y.length][8];
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < 8; j++) {
                x[i][j] = offset + 0.3 * r.nextGaussian();
            }
            x[i][y[i]] += signal;
        }
        return x;
    }

    private static int[] labels(int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 4;
        }
        return y;
    }

    @Test
    void centroidCosineIgnoresALanguageOffsetAndFindsMatchingEmotions() {
        int[] ys = labels(200);
        int[] yt = labels(120);
        double[][] cos = CentroidCosineSimilarity.matrix(rows(ys, 0, 2, 1), ys, rows(yt, 50, 2, 2), yt, 4);
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                // Centred one-hot directions: cos = 1 on the diagonal, −1/3 off it.
                assertEquals(a == b ? 1 : -1.0 / 3, cos[a][b], 0.05);
            }
        }
        assertEquals(1, CentroidCosineSimilarity.diagonalMean(cos), 0.05);
    }

    @Test
    void centroidCosineMarksAbsentClassesAsNaN() {
        int[] ys = {0, 1, 2, 0, 1, 2};
        int[] yt = {0, 1, 3, 0, 1, 3};
        double[][] cos = CentroidCosineSimilarity.matrix(rows(ys, 0, 1, 3), ys, rows(yt, 0, 1, 4), yt, 4);
        assertTrue(Double.isNaN(cos[3][0]));
        assertTrue(Double.isNaN(cos[0][2]));
        assertTrue(!Double.isNaN(cos[0][0]));
    }

    @Test
    void crossLingualProbeTransfersSharedEmotionDirections() {
        int[] ys = labels(200);
        int[] yt = labels(200);
        CrossLingualProbe probe = new CrossLingualProbe(LogisticRegression.Settings.defaults());
        assertTrue(probe.targetUar(rows(ys, 0, 2, 5), ys, rows(yt, 0, 2, 6), yt, CLASSES) > 0.95);
        // Permuted emotion directions in the target: the probe must fail (UAR at or below chance).
        int[] permuted = new int[yt.length];
        for (int i = 0; i < yt.length; i++) {
            permuted[i] = (yt[i] + 1) % 4;
        }
        assertTrue(probe.targetUar(rows(ys, 0, 2, 5), ys, rows(permuted, 0, 2, 6), yt, CLASSES) < 0.3);
    }

    @Test
    void speakerIndependentProbeCannotLeanOnSpeakerIdentity() {
        // Emotion is confounded with speaker (each speaker only ever shows one emotion) and the
        // features carry only speaker identity. Random folds would let the probe learn speakers;
        // speaker-grouped folds leave it at chance.
        int speakers = 8;
        int perSpeaker = 30;
        Random r = new Random(7);
        double[][] voice = new double[speakers][8];
        for (double[] v : voice) {
            for (int j = 0; j < 8; j++) {
                v[j] = 3 * r.nextGaussian();
            }
        }
        double[][] x = new double[speakers * perSpeaker][];
        int[] y = new int[x.length];
        List<String> ids = new ArrayList<>();
        for (int s = 0; s < speakers; s++) {
            for (int i = 0; i < perSpeaker; i++) {
                int row = s * perSpeaker + i;
                x[row] = voice[s].clone();
                for (int j = 0; j < 8; j++) {
                    x[row][j] += 0.1 * r.nextGaussian();
                }
                y[row] = s % 4;
                ids.add("spk" + s);
            }
        }
        SpeakerIndependentProbe probe = new SpeakerIndependentProbe(4, 1, LogisticRegression.Settings.defaults());
        double uar = probe.uar(x, y, CLASSES, ids);
        assertTrue(uar < 0.5, "speaker-independent UAR should be near chance, got " + uar);
    }

    @Test
    void speakerIndependentProbeFindsRealEmotionSignal() {
        int[] y = labels(240);
        double[][] x = rows(y, 0, 2, 8);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            ids.add("spk" + (i / 30));
        }
        SpeakerIndependentProbe probe = new SpeakerIndependentProbe(4, 1, LogisticRegression.Settings.defaults());
        assertTrue(probe.uar(x, y, CLASSES, ids) > 0.95);
        assertTrue(Double.isNaN(probe.uar(x, y, CLASSES, Collections.nCopies(y.length, "one"))));
    }
}

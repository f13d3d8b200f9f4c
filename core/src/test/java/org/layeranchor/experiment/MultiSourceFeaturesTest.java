package org.layeranchor.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layeranchor.corpus.Utterance;
import org.layeranchor.features.FeatureSet;

class MultiSourceFeaturesTest {
    private static FeatureSet corpus(String name, int n, double offset, double scale) {
        float[][][] mean = new float[2][n][3];
        float[][][] std = new float[2][n][3];
        List<Utterance> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < 2; l++) {
                for (int k = 0; k < 3; k++) {
                    mean[l][i][k] = (float) (offset + scale * Math.sin(1.3 * i + k + l));
                    std[l][i][k] = (float) (offset + scale * Math.cos(0.7 * i + k));
                }
            }
            rows.add(new Utterance(name, Path.of(""), "u" + i + ".wav", name + "-s" + (i % 3), "", "happy", "xx", "", 1.0,
                    Map.of(), i + 2));
        }
        return new FeatureSet(rows, mean, std);
    }

    /** Each source is z-scored with its own statistics before pooling: both have mean 0 and std 1 after it. */
    @Test
    void eachSourceIsStandardisedWithItsOwnStatisticsThenPooled() {
        FeatureSet a = corpus("a", 40, 0, 1);
        FeatureSet b = corpus("b", 30, 100, 7);
        FeatureSet pooled = MultiSourceFeatures.pool(List.of(a, b));
        assertEquals(70, pooled.rows());
        assertEquals("a", pooled.utterances().get(0).corpus());
        assertEquals("b", pooled.utterances().get(40).corpus());
        for (int[] range : new int[][] {{0, 40}, {40, 70}}) {
            for (int l = 0; l < 2; l++) {
                for (int k = 0; k < 3; k++) {
                    double m = 0;
                    double v = 0;
                    for (int i = range[0]; i < range[1]; i++) {
                        m += pooled.mean()[l][i][k];
                    }
                    m /= range[1] - range[0];
                    for (int i = range[0]; i < range[1]; i++) {
                        v += Math.pow(pooled.mean()[l][i][k] - m, 2);
                    }
                    v /= range[1] - range[0];
                    assertEquals(0, m, 1e-5);
                    assertEquals(1, v, 1e-4);
                }
            }
        }
        // The same row of b before and after: (x − mean_b) / std_b, so b's offset and scale are gone.
        assertTrue(Math.abs(pooled.mean()[0][45][0]) < 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MultiSourceFeatures.pool(List.of()));
        assertTrue(e.getMessage().contains("no source corpora"));
    }
}

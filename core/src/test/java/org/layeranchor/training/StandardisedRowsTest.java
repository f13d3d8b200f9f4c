package org.layeranchor.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Rows standardised on demand equal, bit for bit, the rows of standardising every layer up front. */
class StandardisedRowsTest {
    static final int LAYERS = 4;
    static final int ROWS = 37;
    static final int DIM = 5;

    @Test
    void onDemandRowsEqualEveryLayerStandardisedUpFront() {
        Random random = new Random(11);
        float[][][] mean = new float[LAYERS][ROWS][DIM];
        float[][][] std = new float[LAYERS][ROWS][DIM];
        for (int l = 0; l < LAYERS; l++) {
            for (int r = 0; r < ROWS; r++) {
                for (int k = 0; k < DIM; k++) {
                    mean[l][r][k] = (float) (random.nextGaussian() * (l + 1) + l);
                    std[l][r][k] = (float) Math.abs(random.nextGaussian());
                }
            }
        }
        FeatureNormalizer norm = FeatureNormalizer.fit(mean, std, Trainer.range(ROWS), Trainer.range(LAYERS));
        double[][][] upFront = norm.apply(mean, std, null).branches();
        StandardisedRows onDemand = new StandardisedRows(norm, mean, std);
        assertEquals(ROWS, onDemand.rows());

        for (int[] layers : new int[][] {{3}, {0}, {1, 2, 3}, {2, 0}}) {
            for (int width : new int[] {DIM, 2 * DIM}) {
                double[][] got = onDemand.of(layers, width);
                assertEquals(ROWS, got.length);
                for (int r = 0; r < ROWS; r++) {
                    double[] expected = new double[width * layers.length];
                    for (int i = 0; i < layers.length; i++) {
                        System.arraycopy(upFront[layers[i]][r], 0, expected, i * width, width);
                    }
                    assertArrayEquals(expected, got[r], 0.0, "layers " + java.util.Arrays.toString(layers) + " width " + width);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> onDemand.of(new int[] {0}, 3));
        assertThrows(IllegalArgumentException.class,
                () -> new StandardisedRows(norm.restrictTo(new int[] {1, 2}), mean, std));
    }
}

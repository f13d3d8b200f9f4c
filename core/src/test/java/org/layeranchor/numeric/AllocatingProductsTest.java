package org.layeranchor.numeric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AllocatingProductsTest {

    /** The definition, one rank-1 update per row over the upper triangle, as the tiled product replaced it. */
    private static double[][] rankOneUpdates(double[][] x) {
        int d = x[0].length;
        double[][] g = new double[d][d];
        for (double[] row : x) {
            for (int i = 0; i < d; i++) {
                if (row[i] == 0) {
                    continue;
                }
                for (int j = i; j < d; j++) {
                    g[i][j] += row[i] * row[j];
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                g[i][j] = g[j][i];
            }
        }
        return g;
    }

    @Test
    void tiledTransposeTimesSelfIsBitForBitTheRowByRowSum() {
        SplittableRandom r = new SplittableRandom(11);
        // Dimensions that are not multiples of the tiles (16 × 256), and below and above them; zeros included.
        for (int d : new int[] {1, 7, 16, 255, 300, 1024}) {
            double[][] x = new double[37][d];
            for (double[] row : x) {
                for (int j = 0; j < d; j++) {
                    row[j] = r.nextInt(5) == 0 ? 0 : r.nextGaussian() * Math.exp(3 * r.nextGaussian());
                }
            }
            double[][] got = AllocatingProducts.transposeTimesSelf(x);
            double[][] want = rankOneUpdates(x);
            assertEquals(d, got.length);
            for (int i = 0; i < d; i++) {
                assertArrayEquals(want[i], got[i], 0.0, "d " + d + ", row " + i);
            }
        }
    }

    @Test
    void noRowsGiveZeros() {
        assertEquals(0, AllocatingProducts.transposeTimesSelf(new double[0][]).length);
        double[][] g = AllocatingProducts.transposeTimesSelf(new double[][] {{0, 0, 0}});
        assertArrayEquals(new double[] {0, 0, 0}, g[2], 0.0);
    }
}

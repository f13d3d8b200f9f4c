package org.layeranchor.numeric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        // Dimensions that are not multiples of the tiles (16 × 256), and below and above them; row counts
        // that are and are not multiples of four (rows pass four at a time); with and without zeros.
        for (int d : new int[] {1, 7, 16, 255, 300, 1024}) {
            for (int rows : new int[] {36, 37}) {
                for (boolean zeros : new boolean[] {false, true}) {
                    double[][] x = new double[rows][d];
                    for (double[] row : x) {
                        for (int j = 0; j < d; j++) {
                            row[j] = zeros && r.nextInt(5) == 0 ? 0 : r.nextGaussian() * Math.exp(3 * r.nextGaussian());
                        }
                    }
                    assertIsTheRowByRowSum(x, "d " + d + ", rows " + rows + ", zeros " + zeros);
                }
            }
        }
    }

    private static void assertIsTheRowByRowSum(double[][] x, String what) {
        double[][] got = AllocatingProducts.transposeTimesSelf(x);
        double[][] want = rankOneUpdates(x);
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            assertArrayEquals(want[i], got[i], 0.0, what + ", row " + i);
        }
    }

    /**
     * Row products four rows at a time are each bit for bit {@code dot} of their two rows: row counts
     * below, at and past multiples of four (the block), widths that are not multiples of four (the lanes).
     */
    @Test
    void rowProductsAreBitForBitTheDotOfTheirRows() {
        SplittableRandom r = new SplittableRandom(5);
        for (int n : new int[] {1, 3, 4, 5, 8, 11}) {
            for (int d : new int[] {1, 3, 4, 7, 1024}) {
                double[][] x = new double[n][d];
                double[][] y = new double[n + 2][d];
                for (double[][] m : new double[][][] {x, y}) {
                    for (double[] row : m) {
                        for (int j = 0; j < d; j++) {
                            row[j] = r.nextInt(7) == 0 ? 0 : r.nextGaussian() * Math.exp(3 * r.nextGaussian());
                        }
                    }
                }
                double[][] xy = AllocatingProducts.timesTranspose(x, y);
                double[][] xx = AllocatingProducts.selfTimesTranspose(x);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < y.length; j++) {
                        assertEquals(AllocatingProducts.dot(x[i], y[j]), xy[i][j], "x y, n " + n + ", d " + d);
                    }
                    for (int j = 0; j < n; j++) {
                        assertEquals(AllocatingProducts.dot(x[i], x[j]), xx[i][j], "x x, n " + n + ", d " + d);
                    }
                }
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AllocatingProducts.timesTranspose(new double[4][3], new double[][] {{1, 2}}));
        assertTrue(e.getMessage().contains("lengths differ"), e.getMessage());
    }

    @Test
    void noRowsGiveZeros() {
        assertEquals(0, AllocatingProducts.transposeTimesSelf(new double[0][]).length);
        double[][] g = AllocatingProducts.transposeTimesSelf(new double[][] {{0, 0, 0}});
        assertArrayEquals(new double[] {0, 0, 0}, g[2], 0.0);
    }
}
